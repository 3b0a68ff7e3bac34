import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Progress on standard error: on a terminal a status line redrawn in place under the finished runs, when
/// redirected one plain line per finished run and per stage (never a carriage return in a log file).
final class BenchProgress: Sendable {
  private struct State {
    var status = ""
    var lastStatusLine = ""
    var drawnWidth = 0
  }

  private let isTerminal: Bool
  private let write: @Sendable (String) -> Void
  private let state = Mutex(State())

  /// Progress on standard error, as a terminal or as plain lines depending on what it is.
  convenience init() {
    self.init(isTerminal: isatty(STDERR_FILENO) != 0) { text in
      FileHandle.standardError.write(Data(text.utf8))
    }
  }

  /// Progress written through `write` (tests collect it).
  init(isTerminal: Bool, write: @escaping @Sendable (String) -> Void) {
    self.isTerminal = isTerminal
    self.write = write
  }

  /// The current step of the current run, such as `[2/6] heidelberg, 10 s: solving 3.1 s, objective 912.7`.
  /// On a terminal it replaces the status line; otherwise it is printed only when `stage` differs from the
  /// last one printed, so a log gets one line per stage, not one per improvement.
  func status(_ text: String, stage: String) {
    state.withLock { state in
      if isTerminal {
        state.status = text
        redraw(&state)
      } else if stage != state.lastStatusLine {
        state.lastStatusLine = stage
        write(text + "\n")
      }
    }
  }

  /// A finished run: a permanent line above the status line.
  func finished(_ text: String) {
    state.withLock { state in
      if isTerminal {
        write("\r" + String(repeating: " ", count: state.drawnWidth) + "\r" + text + "\n")
        state.drawnWidth = 0
        redraw(&state)
      } else {
        state.lastStatusLine = ""
        write(text + "\n")
      }
    }
  }

  /// Clears the status line (at the end).
  func done() {
    state.withLock { state in
      guard isTerminal, state.drawnWidth > 0 else { return }
      write("\r" + String(repeating: " ", count: state.drawnWidth) + "\r")
      state.drawnWidth = 0
      state.status = ""
    }
  }

  private func redraw(_ state: inout State) {
    let text = String(state.status.prefix(Self.terminalWidth - 1))
    let padding = String(repeating: " ", count: max(0, state.drawnWidth - text.count))
    write("\r" + text + padding)
    state.drawnWidth = text.count
  }

  private static let terminalWidth: Int = {
    var size = winsize()
    guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 else { return 100 }
    return Int(size.ws_col)
  }()
}
