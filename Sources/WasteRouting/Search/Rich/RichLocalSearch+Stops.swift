extension RichLocalSearch {
  /// The end of a route from some position on, built backwards one stop at a time: its segments, its
  /// first location, and whether it begins with the break (whose travel depends on what precedes it).
  struct Tail {
    var time: DurationSegment
    var distance: Int64
    var load: LoadSegment
    var first: Int
    var startsWithBreak: Bool
    /// Travel time from `first` to the end.
    var drive: Int64
    /// Travel time after the break (from `first` when the tail starts with it, not counting the leg
    /// into `first`), or -1 when the tail has no break.
    var driveAfterBreak: Int64
  }

  /// Route `r` after position `p`.
  @inline(__always)
  func tail(_ r: Int, after p: Int) -> Tail {
    let i = cell(r, p &+ 1)
    if code[i] == data.breakCode {
      return Tail(
        time: sufTime[i &+ 1], distance: sufDist[i &+ 1], load: sufLoad[i &+ 1], first: place[i &+ 1],
        startsWithBreak: true, drive: sufDrive[i &+ 1], driveAfterBreak: sufDrive[i &+ 1])
    }
    let b = breakPosition[r]
    return Tail(
      time: sufTime[i], distance: sufDist[i], load: sufLoad[i], first: place[i], startsWithBreak: false,
      drive: sufDrive[i], driveAfterBreak: b > p &+ 1 ? sufDrive[cell(r, b &- 1)] : -1)
  }

  /// Puts stop `c` in front of `tail`, in a route of type `t`.
  @inline(__always)
  func prepend(_ c: Int, to tail: inout Tail, type t: Int) {
    if c == data.breakCode {
      tail.startsWithBreak = true
      tail.driveAfterBreak = tail.drive
      return
    }
    let l = location(of: c)
    let travel = data.time(l, tail.first)
    if tail.startsWithBreak {
      let rest = timeSegment(data.breakCode, type: t).then(tail.time, travel: travel)
      tail.time = timeSegment(c, type: t).then(rest, travel: 0)
      tail.driveAfterBreak &+= travel
    } else {
      tail.time = timeSegment(c, type: t).then(tail.time, travel: travel)
    }
    tail.distance = data.dist(l, tail.first) &+ tail.distance
    tail.drive &+= travel
    tail.load = loadSegment(c).then(tail.load, capacity: data.capacity[t])
    tail.first = l
    tail.startsWithBreak = false
  }

  /// Completes `partial` with `tail`.
  @inline(__always)
  func join(_ partial: inout Partial, _ tail: Tail, type t: Int) {
    let travel = data.time(partial.last, tail.first)
    if tail.startsWithBreak {
      partial.time = partial.time.then(timeSegment(data.breakCode, type: t), travel: 0)
      partial.driveAtBreak = partial.drive
    }
    partial.time = partial.time.then(tail.time, travel: travel)
    partial.distance &+= data.dist(partial.last, tail.first) &+ tail.distance
    partial.drive &+= travel &+ tail.drive
    if !tail.startsWithBreak && tail.driveAfterBreak >= 0 { partial.driveAtBreak = partial.drive &- tail.driveAfterBreak }
    partial.load = partial.load.then(tail.load, capacity: data.capacity[t])
  }

  /// Moves the break, or the unloading stop, at position `p` of route `r` to its cheapest place (an
  /// unloading stop also to its cheapest allowed site; a middle one stays before the last client, the
  /// final one stays last and may only change site). Every candidate is priced in O(1) by extending a
  /// prefix forwards or a tail backwards; the route is rebuilt only when it gets cheaper.
  /// - Returns: whether the route changed.
  @discardableResult
  func moveStop(_ r: Int, at p: Int) -> Bool {
    let t = type(r)
    let moved = codeAt(r, p)
    let isBreak = moved == data.breakCode
    let before = routeCost[r]
    var best = (cost: before, after: -1, code: moved)
    var lastClient = 0
    for q in 1..<(length[r] &- 1) where codeAt(r, q) < n { lastClient = q }
    let siteRange = data.typeSiteStart[t]..<data.typeSiteStart[t &+ 1]

    @inline(__always) func price(_ partial: inout Partial, _ c: Int, after q: Int) {
      let value = cost(partial, type: t)
      if value < best.cost { best = (value, q, c) }
    }
    // Another site in the same place.
    if !isBreak {
      for k in siteRange where n &+ data.typeSites[k] != moved {
        let site = n &+ data.typeSites[k]
        var partial = prefix(r, through: p &- 1)
        append(&partial, site, type: t)
        appendSuffix(&partial, r, from: p &+ 1, type: t)
        price(&partial, site, after: p &- 1)
      }
    }
    if isBreak || p != lastDisposal[r] {
      // Later places: after q for q = p + 1 ... limit.
      let limit = isBreak ? length[r] &- 2 : lastClient &- 1
      if p &+ 1 <= limit {
        var head = prefix(r, through: p &- 1)
        for q in (p &+ 1)...limit {
          append(&head, codeAt(r, q), type: t)
          if isBreak {
            var partial = head
            append(&partial, moved, type: t)
            appendSuffix(&partial, r, from: q &+ 1, type: t)
            price(&partial, moved, after: q)
          } else {
            for k in siteRange {
              var partial = head
              append(&partial, n &+ data.typeSites[k], type: t)
              appendSuffix(&partial, r, from: q &+ 1, type: t)
              price(&partial, n &+ data.typeSites[k], after: q)
            }
          }
        }
      }
      // Earlier places: after q for q = p - 2 ... 0.
      var rest = tail(r, after: p)
      var q = p &- 2
      while q >= 0 {
        prepend(codeAt(r, q &+ 1), to: &rest, type: t)
        if isBreak {
          var partial = prefix(r, through: q)
          append(&partial, moved, type: t)
          join(&partial, rest, type: t)
          price(&partial, moved, after: q)
        } else {
          for k in siteRange {
            var partial = prefix(r, through: q)
            append(&partial, n &+ data.typeSites[k], type: t)
            join(&partial, rest, type: t)
            price(&partial, n &+ data.typeSites[k], after: q)
          }
        }
        q &-= 1
      }
    }
    guard best.after >= 0 else { return false }
    markAround(r, p)
    remove(from: r, at: p)
    let after = best.after > p ? best.after &- 1 : best.after
    insert(best.code, into: r, after: after)
    commit((r, r), predicted: best.cost &- before, before: before)
    markAround(r, after &+ 1)
    return true
  }

  /// Moves route `r`'s break to its cheapest position; returns whether the route changed.
  @discardableResult
  func placeBreak(_ r: Int) -> Bool {
    let b = breakPosition[r]
    return b > 0 && moveStop(r, at: b)
  }

  /// Takes route `r`'s break out when the route costs no more without it (it is not owed, or owing it
  /// costs less than taking it); returns whether the route changed.
  @discardableResult
  func dropBreak(_ r: Int) -> Bool {
    let b = breakPosition[r]
    guard b > 0 else { return false }
    let t = type(r)
    var partial = prefix(r, through: b &- 1)
    appendSuffix(&partial, r, from: b &+ 1, type: t)
    let before = routeCost[r]
    let delta = cost(partial, type: t) &- before
    guard delta <= 0 else { return false }
    remove(from: r, at: b)
    commit((r, r), predicted: delta, before: before)
    return true
  }

  /// Gives route `r`, which has no break, one at its cheapest place when that lowers its cost (the
  /// break is owed); returns whether the route changed.
  @discardableResult
  func addBreak(_ r: Int) -> Bool {
    let t = type(r)
    guard data.hasBreak[t], breakPosition[r] < 0, length[r] > 2 else { return false }
    let before = routeCost[r]
    var best = (cost: before, after: -1)
    var rest = tail(r, after: length[r] &- 2)
    var q = length[r] &- 2
    while q >= 0 {
      var partial = prefix(r, through: q)
      append(&partial, data.breakCode, type: t)
      join(&partial, rest, type: t)
      let value = cost(partial, type: t)
      if value < best.cost { best = (value, q) }
      if q > 0 { prepend(codeAt(r, q), to: &rest, type: t) }
      q &-= 1
    }
    guard best.after >= 0 else { return false }
    insert(data.breakCode, into: r, after: best.after)
    commit((r, r), predicted: best.cost &- before, before: before)
    markAround(r, best.after &+ 1)
    return true
  }
}
