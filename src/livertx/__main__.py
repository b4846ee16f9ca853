from livertx.cli import main

main()
