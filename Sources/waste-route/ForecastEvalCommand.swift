import ArgumentParser
import Foundation
import WasteRouting

extension WasteRouteCommand {
  /// `waste-route forecast-eval`: walk-forward validation of the fill forecaster on recorded emptyings.
  struct ForecastEval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "forecast-eval",
      abstract: "Score fill-level forecasts at each next emptying against naive baselines.",
      discussion: """
        For every bin and every emptying after the warm-up, fits the forecaster on earlier data only and \
        predicts the fill just before that emptying from the fill just after the previous one. Recorded \
        fills at the sensor's cap (100 %) are censored and left out of the errors; predictions are capped \
        there. Input: an emptying log in the Edinburgh layout (CSV with site_id, collected_at_*, \
        fill_before_pct, fill_after_pct) or a .json array of bin histories.

        Exit status: 0 success, 2 unreadable or invalid input (one line on stderr, nothing written).
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
      case text, json
    }

    @Argument(help: "The emptying log (.csv) or bin histories (.json).")
    var input: String

    @Option(help: "Earlier emptying-to-emptying intervals a bin needs before it is scored.")
    var warmUp = 3

    @Option(help: "Time zone of the CSV's wall-clock times and of the weekday calendar.")
    var timeZone = "Europe/London"

    @Option(help: "Output format on standard output: text (a Markdown table) or json.")
    var format = Format.text

    @Option(help: "Also write every bin's fitted forecast, from all of its data, to this JSON file.")
    var summaries: String?

    func validate() throws {
      guard warmUp >= 1 else { throw ValidationError("--warm-up must be at least 1.") }
      guard TimeZone(identifier: timeZone) != nil else {
        throw ValidationError("Unknown time zone \(timeZone).")
      }
    }

    func run() async throws {
      guard let zone = TimeZone(identifier: timeZone) else { throw ExitCode(2) }
      let configuration = ForecastConfiguration(timeZone: zone)
      let evaluation: ForecastEvaluation
      let forecasts: [BinForecast]
      do {
        let histories = try readHistories(timeZone: zone)
        do {
          evaluation = try ForecastEvaluation.run(on: histories, configuration: configuration, warmUp: warmUp)
          forecasts = try FillForecaster(configuration: configuration).fit(histories)
        } catch {
          throw InputError(message: describe(error, histories: histories))
        }
      } catch {
        FileHandle.standardError.write(Data("waste-route forecast-eval: \(error)\n".utf8))
        throw ExitCode(2)
      }
      if let summaries {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let text = String(decoding: try encoder.encode(forecasts), as: UTF8.self) + "\n"
        try writeAtomically(text, toPath: summaries)
      }
      switch format {
      case .text:
        print(report(evaluation, forecasts: forecasts))
      case .json:
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(evaluation), as: UTF8.self))
      }
    }

    /// A message for the user, already formatted.
    struct InputError: Error, CustomStringConvertible {
      var message: String
      var description: String { message }
    }

    private func readHistories(timeZone zone: TimeZone) throws -> [BinHistory] {
      guard input.lowercased().hasSuffix(".json") else {
        return try EmptyingLog.read(csvAtPath: input, timeZone: zone)
      }
      let data: Data
      do {
        data = try Data(contentsOf: URL(fileURLWithPath: input))
      } catch {
        throw InputError(message: "cannot read \(input): \(error.localizedDescription)")
      }
      do {
        return try JSONDecoder().decode([BinHistory].self, from: data)
      } catch let error as DecodingError {
        throw InputError(message: "\(input): \(Self.describe(error))")
      }
    }

    /// Prefixes a history error with the JSON path of its bin in the input array.
    private func describe(_ error: any Error, histories: [BinHistory]) -> String {
      let location: ForecastInputLocation? =
        switch error as? ForecastError {
        case .negativeFill(let location, _), .absurdFill(let location, _, _), .notFinite(let location),
          .outOfTimeOrder(let location):
          location
        default: nil
        }
      guard let location, input.lowercased().hasSuffix(".json"),
        let index = histories.firstIndex(where: { $0.binID == location.binID })
      else { return "\(input): \(error)" }
      return "\(input): $[\(index)].\(location.jsonPath) (bin \"\(location.binID)\"): \(error)"
    }

    private static func describe(_ error: DecodingError) -> String {
      let (context, what): (DecodingError.Context, String) =
        switch error {
        case .typeMismatch(_, let context): (context, "wrong type")
        case .valueNotFound(_, let context): (context, "missing value")
        case .keyNotFound(let key, let context): (context, "missing key \(key.stringValue)")
        case .dataCorrupted(let context): (context, "invalid data")
        @unknown default: (DecodingError.Context(codingPath: [], debugDescription: ""), "invalid JSON")
        }
      var path = "$"
      for key in context.codingPath {
        if let index = key.intValue { path += "[\(index)]" } else { path += ".\(key.stringValue)" }
      }
      return "\(path): \(what)"
    }

    /// The Markdown report.
    func report(_ evaluation: ForecastEvaluation, forecasts: [BinForecast]) -> String {
      func format(_ value: Double) -> String { String(format: "%.2f", value) }
      var lines = [
        "bins: \(evaluation.binCount), emptyings: \(evaluation.emptyingCount), warm-up: "
          + "\(evaluation.warmUp) intervals (\(evaluation.warmUpSkipCount) emptyings skipped), censored "
          + "targets left out: \(evaluation.censoredTargetCount)",
        "",
        "| method | predictions | MAE (pp) | RMSE (pp) | bias (pp) |",
        "| --- | ---: | ---: | ---: | ---: |",
      ]
      for score in evaluation.scores {
        lines.append(
          "| \(score.name) | \(score.predictionCount) | \(format(score.meanAbsoluteError)) | "
            + "\(format(score.rootMeanSquareError)) | \(format(score.meanError)) |")
      }
      let own = forecasts.filter { $0.rateSource == .bin }
      let weekday = forecasts.filter(\.hasOwnWeekdayPattern).count
      let rates = own.map(\.ratePerDay).sorted()
      if !rates.isEmpty {
        lines.append("")
        lines.append(
          "fitted on all data: \(own.count) bins with their own rate (median "
            + "\(format(rates[rates.count / 2])) pp/day), \(weekday) with their own weekday factors")
      }
      return lines.joined(separator: "\n")
    }
  }
}
