import SediaCLI

await SediaCommand.main()
