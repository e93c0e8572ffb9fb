from facturador.cli import console

raise SystemExit(console())
