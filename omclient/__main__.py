from omclient.cli import main

raise SystemExit(main())
