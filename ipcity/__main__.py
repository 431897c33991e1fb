from ipcity.cli import main

main()
