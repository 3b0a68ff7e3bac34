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
  /// - Complexity: O(`rowCount` × `columnCount`).
  public init(rowCount: Int, columnCount: Int, repeating value: Element) {
    precondition(rowCount >= 0 && columnCount >= 0, "negative matrix size")
    self.rowCount = rowCount
    self.columnCount = columnCount
    self.storage = Array(repeating: value, count: rowCount * columnCount)
  }

  /// Creates a matrix from row-major storage.
  ///
  /// - Precondition: `storage.count == rowCount * columnCount`.
  public init(rowCount: Int, columnCount: Int, storage: [Element]) {
    precondition(storage.count == rowCount * columnCount, "storage does not match the matrix size")
    self.rowCount = rowCount
    self.columnCount = columnCount
    self.storage = storage
  }

  /// Creates a square matrix whose entry `(i, j)` is `entry(i, j)`.
  public init(size: Int, entry: (Int, Int) throws -> Element) rethrows {
    var storage: [Element] = []
    storage.reserveCapacity(size * size)
    for i in 0..<size {
      for j in 0..<size { storage.append(try entry(i, j)) }
    }
    self.init(rowCount: size, columnCount: size, storage: storage)
  }

  /// The entry in `row` and `column`.
  @inline(__always)
  public subscript(row: Int, column: Int) -> Element {
    get { storage[row &* columnCount &+ column] }
    set { storage[row &* columnCount &+ column] = newValue }
  }
}
