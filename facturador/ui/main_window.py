"""The main window: header with the company switcher, navigation, pages, status bar.

It shows at once; the database opens in a worker right after (`start()`), then the active
company fills the header, and on a first run the wizard opens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facturador.services import company_setup
from facturador.ui import messages as M
from facturador.ui import navigation
from facturador.ui._window_companies import WindowCompanies
from facturador.ui.context import AppContext
from facturador.ui.errors import error_text, set_damage_handler, show_error
from facturador.ui.scheduler import Scheduler
from facturador.ui.status import StatusBar
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.context import Context
    from facturador.services.views import CompanyInfo
    from facturador.ui.first_run import FirstRunWizard

__all__ = ["MainWindow"]

ID_ROLE = Qt.ItemDataRole.UserRole
# After the window is ready, the renderer warms up in the background (pdf_viewer.warm_up):
# late enough to leave the first page's loading the CPU, early enough to precede any click.
WARM_UP_DELAY_MS = 1500
NAV_MIN_WIDTH = 230
# the tree's padding (6 px a side), an item's left padding (6 px), its frame and some air
NAV_PADDING = 2 * 6 + 6 + 2 * 2 + 8


@dataclass(frozen=True, slots=True)
class _Startup:
    companies: list[CompanyInfo]
    active: CompanyInfo | None


def _startup(ctx: Context) -> _Startup:
    ctx.open()
    return _Startup(company_setup.companies(ctx), company_setup.active_company(ctx))


class MainWindow(QMainWindow, WindowCompanies):
    ready = Signal()  # the database is open and the company is shown

    def __init__(self, services: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = AppContext(services, self)
        self.pages: dict[str, QWidget] = {}
        self.wizard: FirstRunWizard | None = None
        self.is_ready = False
        self.setWindowTitle(M.APP_NAME)
        self.resize(1180, 760)
        self.setMinimumSize(900, 600)
        self.company_combo = QComboBox()
        self.company_combo.setMinimumWidth(320)
        self.company_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.company_combo.setEnabled(False)
        self.new_company_button = QPushButton(M.NEW_COMPANY)
        self.new_company_button.setEnabled(False)
        self.nav = self._build_navigation()
        self.nav.setEnabled(False)  # every page needs the database: enabled once it is open
        self.stack = QStackedWidget()
        self.loading = QLabel(M.OPENING_DATABASE)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading.setObjectName("pageSubtitle")
        self.loading.setWordWrap(True)
        self.retry_button = QPushButton(M.RETRY_OPEN)
        self.retry_button.setVisible(False)
        self.retry_button.clicked.connect(self.start)
        # offered once the database file turns out damaged (SQLite cannot read it)
        self.restore_button = QPushButton(M.RESTORE_FROM_BACKUP)
        self.restore_button.setVisible(False)
        self.restore_button.clicked.connect(self.restore_from_backup)
        self._offer_restore = False
        self.stack.addWidget(self._loading_panel())
        self.status = StatusBar(self.ctx, self)
        self.setStatusBar(self.status)
        self.scheduler = Scheduler(self.ctx, self)
        self.queue_runner = self.scheduler.queue  # found by the pages' "Sincronizar"
        self.queue_runner.connection_changed.connect(self.status.show_connection)
        self.queue_runner.running_changed.connect(self.status.show_syncing)
        self.queue_runner.sync_finished.connect(lambda _outcome: self.status.refresh())
        self.status.stop_button.clicked.connect(self._stop_sync)
        self.status.connection_source = self.queue_runner
        self.backup_timer = self.scheduler.backup
        self.backup_timer.damaged.connect(self._on_database_damaged)
        set_damage_handler(self._damage_handler())
        self._layout()
        self.company_combo.activated.connect(self._on_company_chosen)
        self.new_company_button.clicked.connect(lambda: self.open_wizard(first_run=False))
        self.nav.currentItemChanged.connect(self._on_nav_changed)
        self.ctx.company_changed.connect(self._on_company_changed)
        self.ctx.changed.connect(self._on_changed)
        self.ctx.setup_requested.connect(self._on_setup_requested)

    # -- building ---------------------------------------------------------------------------

    def _build_navigation(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setObjectName("navigation")
        tree.setHeaderHidden(True)
        tree.setRootIsDecorated(False)
        tree.setIndentation(14)
        tree.setUniformRowHeights(True)
        bold = QFont(tree.font())
        bold.setBold(True)
        sections: dict[str, QTreeWidgetItem] = {}
        for page in navigation.ENTRIES:
            alone = page.title == page.section
            if alone:
                item = QTreeWidgetItem(tree, [page.title])
                item.setFont(0, bold)
            else:
                parent = sections.get(page.section)
                if parent is None:
                    parent = QTreeWidgetItem(tree, [page.section])
                    parent.setFont(0, bold)
                    parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    sections[page.section] = parent
                item = QTreeWidgetItem(parent, [page.title])
            item.setData(0, ID_ROLE, page.id)
        for item in self._items_of(tree):
            item.setSizeHint(0, QSize(0, 28 if item.parent() is None else 25))
        tree.expandAll()
        tree.setItemsExpandable(False)
        return tree

    def _layout(self) -> None:
        header = QWidget()
        header.setObjectName("header")
        row = QHBoxLayout(header)
        row.setContentsMargins(18, 10, 18, 10)
        title = QLabel(M.APP_NAME)
        title.setObjectName("appTitle")
        row.addWidget(title)
        row.addStretch(1)
        row.addWidget(QLabel(M.ACTIVE_COMPANY))
        row.addWidget(self.company_combo)
        row.addWidget(self.new_company_button)
        # One width on every page: what its longest entry needs, whatever the page asks for.
        self.nav.setFixedWidth(self._navigation_width())
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)

    def _navigation_width(self) -> int:
        """The longest entry whole: its text, its indentation and the theme's paddings, with
        room for the scroll bar a short window shows (the sidebar scrolls, never cuts)."""
        tree = self.nav
        widest = 0
        for item in self._items_of(tree):
            metrics = QFontMetrics(item.font(0))
            depth = 0 if item.parent() is None else tree.indentation()
            widest = max(widest, metrics.horizontalAdvance(item.text(0)) + depth)
        scroll_bar = tree.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return max(NAV_MIN_WIDTH, widest + NAV_PADDING + scroll_bar)

    # -- start-up ---------------------------------------------------------------------------

    def _loading_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(80, 0, 80, 0)
        layout.addStretch(1)
        layout.addWidget(self.loading)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return panel

    def start(self) -> None:
        """Open the database in a worker; then show the company (or the wizard)."""
        self.loading.setText(M.OPENING_DATABASE)
        self.retry_button.setVisible(False)
        self.restore_button.setVisible(False)
        run_in_background(
            _startup,
            self.ctx.services,
            on_success=self._on_started,
            on_failure=self._on_start_failed,
            parent=self,
        )

    def _on_start_failed(self, error: object) -> None:
        """The database did not open (server down, no permission...): say why, in place,
        and offer to try again; nothing else can work meanwhile."""
        shown = error_text(error)
        self.loading.setText(shown.text if shown is not None else M.UNEXPECTED_ERROR)
        if shown is not None and shown.details is not None:
            show_error(self, error)  # unexpected: the dialog lets the user copy the details
        self._offer_restore = self._offer_restore or bool(getattr(error, "corrupt", False))
        self.retry_button.setVisible(True)
        self.restore_button.setVisible(self._offer_restore)
        (self.restore_button if self._offer_restore else self.retry_button).setFocus()

    def _damage_handler(self) -> Callable[[object], bool]:
        """The funnel's handler for a damaged database found by any worker (this window,
        while it exists)."""

        def handle(error: object) -> bool:
            if not shiboken6.isValid(self):
                return False
            self._on_database_damaged(error)
            return True

        return handle

    def _on_database_damaged(self, error: object) -> None:
        """Damage found while the app runs (quick check, backup): stop the background work,
        say so in place of the pages and offer the restore, as when found at start-up."""
        self.status.stop()
        self.scheduler.stop()
        self.is_ready = False
        self.nav.setEnabled(False)
        self.new_company_button.setEnabled(False)
        self.stack.setCurrentIndex(0)
        self._on_start_failed(error)

    def restore_from_backup(self) -> None:
        """Put a backup in place of a damaged database (kept aside, never deleted), then open."""
        from facturador.services.backups import restore_and_keep
        from facturador.services.settings import backups_dir

        path, _ = QFileDialog.getOpenFileName(
            self, M.RESTORE_FROM_BACKUP_TITLE, str(backups_dir()), M.BACKUP_FILE_FILTER
        )
        if not path:
            return
        self.loading.setText(M.RESTORING_BACKUP)
        self.retry_button.setVisible(False)
        self.restore_button.setVisible(False)
        run_in_background(
            restore_and_keep,
            Path(path),
            on_success=lambda _database: self.start(),
            on_failure=self._on_start_failed,
            parent=self,
        )

    def _on_started(self, startup: _Startup) -> None:
        self._offer_restore = False
        self.nav.setEnabled(True)
        self.new_company_button.setEnabled(True)
        self._fill_companies(startup.companies, startup.active)
        self.ctx.set_company(startup.active)
        self.status.start()
        self.scheduler.start()
        self.is_ready = True
        self.show_page("empresa" if startup.active is None else "inicio")
        self.ready.emit()
        QTimer.singleShot(WARM_UP_DELAY_MS, self, self._warm_up)
        if not startup.companies:
            self.open_wizard(first_run=True)

    def _warm_up(self) -> None:
        """The first PDF of a session costs what later ones do (pdf_viewer.warm_up)."""
        from facturador.ui.dialogs.pdf_viewer import start_warm_up

        start_warm_up(self)

    # -- navigation -------------------------------------------------------------------------

    def _item(self, page_id: str) -> QTreeWidgetItem | None:
        for item in self._all_items():
            if item.data(0, ID_ROLE) == page_id:
                return item
        return None

    def _all_items(self) -> list[QTreeWidgetItem]:
        return self._items_of(self.nav)

    @staticmethod
    def _items_of(tree: QTreeWidget) -> list[QTreeWidgetItem]:
        items: list[QTreeWidgetItem] = []
        for index in range(tree.topLevelItemCount()):
            top = tree.topLevelItem(index)
            items.append(top)
            items.extend(top.child(i) for i in range(top.childCount()))
        return items

    def show_page(self, page_id: str) -> QWidget:
        """Show (building on first visit) the page of `page_id`; returns its widget."""
        item = self._item(page_id)
        if item is not None and self.nav.currentItem() is not item:
            self.nav.setCurrentItem(item)  # comes back here through currentItemChanged
            return self.pages[page_id]
        page = self.pages.get(page_id)
        if page is None:
            page = navigation.create_page(navigation.entry(page_id), self.ctx)
            self.pages[page_id] = page
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()
        return page

    def current_page_id(self) -> str | None:
        item = self.nav.currentItem()
        return None if item is None else item.data(0, ID_ROLE)

    def _on_nav_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        page_id = None if current is None else current.data(0, ID_ROLE)
        if page_id:
            self.show_page(page_id)

    # -- companies --------------------------------------------------------------------------

    def _stop_sync(self) -> None:
        self.status.stop_button.setEnabled(False)  # it stops between two documents
        self.queue_runner.cancel()

    def closeEvent(self, event: object) -> None:
        self.status.stop()
        self.scheduler.stop()
        super().closeEvent(event)  # type: ignore[arg-type]
