import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The reference service: an HTTP API over ``JobStore`` and ``JobRunner``.
public enum RouteService {
  /// The application: the routes, request logging, and the job runner as a service that the application's
  /// service group shuts down gracefully after the HTTP server (so no request can queue a job afterwards).
  ///
  /// - Parameters:
  ///   - configuration: Where to listen, the data folder and the limits.
  ///   - store: The job store (pass one to look into it from tests).
  ///   - logger: The logger of the requests and the jobs.
  public static func application(
    configuration: ServiceConfiguration, store: JobStore? = nil,
    logger: Logger = Logger(label: "route-service")
  ) throws -> some ApplicationProtocol {
    let store = store ?? JobStore(configuration: configuration, logger: logger)
    let router = Router()
    router.addMiddleware { LogRequestsMiddleware(.info) }
    Routes(
      store: store, configuration: configuration, dataFolder: DataFolder(configuration.dataFolder),
      openAPIDocument: try openAPIDocument()
    ).register(on: router)
    var application = Application(
      router: router,
      configuration: ApplicationConfiguration(
        address: .hostname(configuration.host, port: configuration.port), serverName: "route-service"),
      logger: logger)
    application.addServices(JobRunner(store: store, configuration: configuration, logger: logger))
    return application
  }

  /// The OpenAPI 3.1 document of the service, as served at `GET /openapi.json`.
  public static func openAPIDocument() throws -> Data {
    guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
      throw CocoaError(.fileNoSuchFile)
    }
    return try Data(contentsOf: url)
  }
}
