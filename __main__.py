from freelance_kg.cli import main

main()
