import Leaf
import LeafKit
import Vapor

/// Renders pages with Leaf and its shared template cache.
///
/// Leaf's own provider (`app.views.use(.leaf)`) builds its renderer by
/// switching the cache off whenever the environment is `development`, and
/// because the cache is one shared object that switch lasts for every later
/// request: `tandem serve` without `--env production` re-read and re-parsed
/// every template on every page. This renderer leaves the cache as configured
/// (`configureResources`), so whether templates are cached is decided in one
/// place.
struct TemplateViews: ViewRenderer {
    let application: Application

    func `for`(_ request: Request) -> any ViewRenderer {
        request.leaf
    }

    func render<E: Encodable>(_ name: String, _ context: E) -> EventLoopFuture<View> {
        let leaf = application.leaf
        return LeafRenderer(
            configuration: leaf.configuration, tags: leaf.tags, cache: leaf.cache, sources: leaf.sources,
            eventLoop: application.eventLoopGroup.next(), userInfo: ["application": application]
        ).render(name, context)
    }
}
