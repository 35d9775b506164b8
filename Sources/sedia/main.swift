import ArgumentParser
import SediaCLI

await SediaCommand.main()
