import Foundation
import SediaCLI

// Every bad input, usage errors included, ends with status 2 (SediaMain maps argument-parser's 64).
exit(await SediaMain.run())
