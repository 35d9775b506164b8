import ArgumentParser
import SediaCLI

// Called through a generic function so the asynchronous `main` (`serve` is async) is chosen.
func runAsync<C: AsyncParsableCommand>(_ type: C.Type) async { await type.main() }
await runAsync(SediaCommand.self)
