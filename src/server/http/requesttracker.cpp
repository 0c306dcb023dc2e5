#include "requesttracker.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QHttpServerRouterRule>
#include <QRandomGenerator>
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
#include <QHttpServerRouter>
#include <QHttpServerWebSocketUpgradeResponse>
#endif

#include "core/logging.h"
#include "httpcompat.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

thread_local QByteArray t_requestId;

const char *methodName(QHttpServerRequest::Method method)
{
    using M = QHttpServerRequest::Method;
    switch (method) {
    case M::Get:
        return "GET";
    case M::Put:
        return "PUT";
    case M::Delete:
        return "DELETE";
    case M::Post:
        return "POST";
    case M::Head:
        return "HEAD";
    case M::Options:
        return "OPTIONS";
    case M::Patch:
        return "PATCH";
    case M::Connect:
        return "CONNECT";
    case M::Trace:
        return "TRACE";
    default:
        return "OTHER";
    }
}

//! Sees every request before the real routes and never matches: it starts the clock and
//! settles the request id. WebSocket upgrades are finished here (the handshake is the answer).
class ObserverRule : public QHttpServerRouterRule
{
public:
    //! \a ruleArgs: the rest of QHttpServerRouterRule's constructor arguments (6.4: the router
    //! handler; 6.8: a context object and the router handler).
    template<typename... RuleArgs>
    ObserverRule(RequestTracker *tracker, const QString &pathPattern, RuleArgs &&...ruleArgs)
        : QHttpServerRouterRule(pathPattern, std::forward<RuleArgs>(ruleArgs)...)
        , m_tracker(tracker)
    { }

protected:
    bool matches(const QHttpServerRequest &request, QRegularExpressionMatch *) const override
    {
        m_tracker->begin(request);
        if (request.value("Upgrade").compare("websocket", Qt::CaseInsensitive) == 0)
            m_tracker->finish(request, 101, 0);
        return false;
    }

private:
    RequestTracker *m_tracker;
};

} // namespace

RequestTracker::RequestTracker(MetricsRegistry &metrics)
    : m_metrics(metrics)
{
    setRoutes({});
}

RequestTracker::~RequestTracker() = default;

void RequestTracker::setRoutes(const QStringList &patterns)
{
    m_routes.clear();
    QStringList all = patterns;
    all.append(UnmatchedRoute);
    for (const QString &pattern : std::as_const(all)) {
        Route route;
        route.pattern = pattern;
        route.segments = pattern.split(u'/');
        route.latency = &m_metrics.histogram("opsboard_http_request_duration_seconds"_ba,
            "Time from routing an HTTP request to its answer, by route pattern."_ba,
            MetricsRegistry::latencyBuckets(), { { "route"_ba, pattern.toUtf8() } });
        m_routes.push_back(std::move(route));
    }
}

void RequestTracker::install(QHttpServer &server)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    // 6.8's route<Rule>() passes no extra constructor arguments, so the rule is added directly.
    // Its WebSocket upgrades never reach the routes: an upgrade verifier that accepts nothing
    // (the EventHub's accepts) records them instead.
    const auto noView = [] {};
    server.router()->addRule<decltype(noView)>(std::make_unique<ObserverRule>(this, u"/"_s, &server,
        [](const QRegularExpressionMatch &, const QHttpServerRequest &, QHttpServerResponder &) {
        }));
    server.addWebSocketUpgradeVerifier(&server, [this](const QHttpServerRequest &request) {
        finish(request, 101, 0);
        return QHttpServerWebSocketUpgradeResponse::passToNext();
    });
#else
    server.route<ObserverRule>(this, u"/"_s, [](QHttpServerResponder &&) {});
#endif
    addAfterRequestHook(
        server, [this](const QHttpServerRequest &request, QHttpServerResponse &response) {
            const QByteArray id =
                finish(request, int(response.statusCode()), response.data().size());
            setResponseHeader(response, "X-Request-Id"_ba, id);
        });
}

void RequestTracker::begin(const QHttpServerRequest &request)
{
    if (m_current == &request && !t_requestId.isEmpty())
        return;
    m_current = &request;
    m_timer.start();
    const QByteArray incoming = request.value("X-Request-Id"_ba);
    t_requestId = isValidRequestId(incoming) ? incoming : generateRequestId();
}

QByteArray RequestTracker::finish(const QHttpServerRequest &request, int status, qint64 bytes)
{
    if (m_current != &request || t_requestId.isEmpty())
        begin(request);
    const qint64 micros = m_timer.nsecsElapsed() / 1000;
    m_current = nullptr;
    return record(
        request.method(), request.url().path(), request.remoteAddress(), status, bytes, micros);
}

void RequestTracker::recordUpgrade(QByteArrayView requestHead, const QHostAddress &remote)
{
    // "GET <target> HTTP/1.1": the path of the target, without its query.
    const qsizetype lineEnd = requestHead.indexOf('\n');
    const QByteArrayView line = lineEnd < 0 ? requestHead : requestHead.first(lineEnd);
    const qsizetype space = line.indexOf(' ');
    QByteArrayView target = space < 0 ? QByteArrayView() : line.sliced(space + 1);
    if (const qsizetype end = target.indexOf(' '); end >= 0)
        target = target.first(end);
    if (const qsizetype query = target.indexOf('?'); query >= 0)
        target = target.first(query);
    const bool get = line.startsWith("GET ");
    t_requestId = generateRequestId();
    (void)record(get ? QHttpServerRequest::Method::Get : QHttpServerRequest::Method::Unknown,
        QString::fromLatin1(target), remote, 101, 0, 0);
}

QByteArray RequestTracker::record(QHttpServerRequest::Method method, const QString &path,
    const QHostAddress &remote, int status, qint64 bytes, qint64 micros)
{
    Route &route = m_routes.at(std::size_t(routeIndex(path)));
    route.latency->observe(double(micros) / 1e6);
    counterFor(route, method, status).increment();
    ++m_requestCount;
    // The path only: a query string may carry anything, and tokens never go into URLs anyway.
    qCInfo(lcServerHttp).noquote().nospace()
        << methodName(method) << ' ' << path.left(256) << ' ' << status << ' ' << micros << "us "
        << bytes << "B id=" << t_requestId << " from " << remote.toString();
    return std::exchange(t_requestId, {});
}

MetricsRegistry::Counter &RequestTracker::counterFor(
    Route &route, QHttpServerRequest::Method method, int status)
{
    const int key = int(method) << 16 | status;
    for (const StatusCounter &entry : route.counters) {
        if (entry.key == key)
            return *entry.counter;
    }
    // First request of this kind: the only place a label set is built.
    MetricsRegistry::Counter &counter = m_metrics.counter("opsboard_http_requests_total"_ba,
        "HTTP requests answered, by route pattern, method and status."_ba,
        { { "route"_ba, route.pattern.toUtf8() }, { "method"_ba, methodName(method) },
            { "status"_ba, QByteArray::number(status) } });
    route.counters.push_back({ key, &counter });
    return counter;
}

int RequestTracker::routeIndex(QStringView path) const
{
    const int unmatched = int(m_routes.size()) - 1;
    for (int r = 0; r < unmatched; ++r) {
        const QStringList &segments = m_routes.at(std::size_t(r)).segments;
        qsizetype s = 0;
        bool ok = true;
        for (const QStringView part : path.tokenize(u'/')) {
            if (s >= segments.size() || (segments.at(s) != "<arg>"_L1 && segments.at(s) != part)
                || (segments.at(s) == "<arg>"_L1 && part.isEmpty())) {
                ok = false;
                break;
            }
            ++s;
        }
        if (ok && s == segments.size())
            return r;
    }
    return unmatched;
}

QString RequestTracker::routeOf(QStringView path) const
{
    return m_routes.at(std::size_t(routeIndex(path))).pattern;
}

QByteArray RequestTracker::currentRequestId()
{
    return t_requestId;
}

bool RequestTracker::isValidRequestId(QByteArrayView id)
{
    if (id.isEmpty() || id.size() > MaxRequestIdLength)
        return false;
    for (const char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '.' || c == '_' || c == ':' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

QByteArray RequestTracker::generateRequestId()
{
    return QByteArray::number(QRandomGenerator::global()->generate64(), 16).rightJustified(16, '0');
}

} // namespace Ops
