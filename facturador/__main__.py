from facturador.cli import main

raise SystemExit(main())
