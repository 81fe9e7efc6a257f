import multiprocessing

from omclient.cli import main

if __name__ == "__main__":
    # The demo generator starts worker processes; a frozen build (PyInstaller)
    # must hand them over here instead of starting the program again.
    multiprocessing.freeze_support()
    raise SystemExit(main())
