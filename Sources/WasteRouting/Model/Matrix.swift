/// A dense matrix stored flat in row-major order.
///
/// Road networks produce asymmetric costs (one-way streets), so `self[i, j]` and `self[j, i]` are
/// independent entries; nothing in the library assumes symmetry.
public struct Matrix<Element: Sendable & Hashable>: Sendable, Hashable {
  /// The number of rows.
  public let rowCount: Int
  /// The number of columns.
  public let columnCount: Int
  /// The entries, row after row (`storage[row * columnCount + column]`).
  public private(set) var storage: [Element]

  /// Creates a matrix with every entry set to `value`.
  ///
  /// - Throws: ``MatrixError/negativeSize(rows:columns:)`` when a size is negative.
  /// - Complexity: O(`rowCount` × `columnCount`).
  public init(rowCount: Int, columnCount: Int, repeating value: Element) throws(MatrixError) {
    guard rowCount >= 0, columnCount >= 0 else { throw .negativeSize(rows: rowCount, columns: columnCount) }
    let (cells, overflow) = rowCount.multipliedReportingOverflow(by: columnCount)
    guard !overflow else { throw .tooLarge(rows: rowCount, columns: columnCount) }
    self.init(unchecked: rowCount, columnCount, Array(repeating: value, count: cells))
  }

  /// Creates a matrix from row-major storage.
  ///
  /// - Throws: ``MatrixError/storageSize(rows:columns:count:)`` when `storage` does not hold
  ///   `rowCount × columnCount` entries, ``MatrixError/negativeSize(rows:columns:)`` for a negative size.
  public init(rowCount: Int, columnCount: Int, storage: [Element]) throws(MatrixError) {
    guard rowCount >= 0, columnCount >= 0 else { throw .negativeSize(rows: rowCount, columns: columnCount) }
    let (cells, overflow) = rowCount.multipliedReportingOverflow(by: columnCount)
    guard !overflow, storage.count == cells else {
      throw .storageSize(rows: rowCount, columns: columnCount, count: storage.count)
    }
    self.init(unchecked: rowCount, columnCount, storage)
  }

  /// Creates a square matrix whose entry `(i, j)` is `entry(i, j)`; a size of 0 or less gives an empty
  /// matrix.
  public init(size: Int, entry: (Int, Int) throws -> Element) rethrows {
    let size = max(0, size)
    var storage: [Element] = []
    storage.reserveCapacity(size * size)
    for i in 0..<size {
      for j in 0..<size { storage.append(try entry(i, j)) }
    }
    self.init(unchecked: size, size, storage)
  }

  /// A matrix whose storage is known to match its size.
  init(unchecked rowCount: Int, _ columnCount: Int, _ storage: [Element]) {
    assert(storage.count == rowCount * columnCount)
    self.rowCount = rowCount
    self.columnCount = columnCount
    self.storage = storage
  }

  /// The entry in `row` and `column`.
  @inline(__always)
  public subscript(row: Int, column: Int) -> Element {
    get { storage[row &* columnCount &+ column] }
    set { storage[row &* columnCount &+ column] = newValue }
  }
}

/// Why a ``Matrix`` cannot be made from the given sizes and entries.
public enum MatrixError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A row or column count is negative.
  case negativeSize(rows: Int, columns: Int)
  /// The storage does not hold one entry per cell.
  case storageSize(rows: Int, columns: Int, count: Int)
  /// The number of cells does not fit in an `Int`.
  case tooLarge(rows: Int, columns: Int)

  /// A one-line description.
  public var description: String {
    switch self {
    case let .negativeSize(rows, columns): "a matrix cannot have \(rows) rows and \(columns) columns"
    case let .storageSize(rows, columns, count):
      "a \(rows)×\(columns) matrix needs \(rows &* columns) entries, got \(count)"
    case let .tooLarge(rows, columns): "a \(rows)×\(columns) matrix is too large"
    }
  }
}
