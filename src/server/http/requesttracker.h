#pragma once

#include <vector>

#include <QByteArray>
#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QString>
#include <QStringList>

#include "server/ops/metricsregistry.h"

QT_BEGIN_NAMESPACE
class QHttpServer;
QT_END_NAMESPACE

namespace Ops {

//! \brief Per-request bookkeeping of the HTTP side: a request id (a sane incoming
//! `X-Request-Id` is kept, otherwise one is made up) echoed in the response, one access-log
//! line at Info in lcServerHttp, and the request counter and latency histogram by route pattern
//! (never the raw path: label cardinality stays bounded) and status.
//!
//! install() puts an observing rule in front of every route (it sees each request first and
//! never matches) and an after-request hook; the missing-route handler calls finish() itself.
class RequestTracker
{
public:
    //! Route label of a request that matched none of the known patterns.
    static constexpr QLatin1StringView UnmatchedRoute { "unmatched" };
    //! Longest incoming request id that is reused.
    static constexpr qsizetype MaxRequestIdLength = 128;

    explicit RequestTracker(MetricsRegistry &metrics);
    ~RequestTracker();
    Q_DISABLE_COPY_MOVE(RequestTracker)

    //! The route patterns the server serves, as given to QHttpServer::route() (`<arg>` matches
    //! one path segment). Call before install().
    void setRoutes(const QStringList &patterns);
    //! Call before any other route is added to \a server.
    void install(QHttpServer &server);

    //! Starts timing \a request (idempotent for the same request).
    void begin(const QHttpServerRequest &request);
    //! Records the answer to \a request (status and body bytes), writes the access line and
    //! returns the request id to send back.
    QByteArray finish(const QHttpServerRequest &request, int status, qint64 bytes);

    //! Records a WebSocket upgrade that never reaches QHttpServer (the hub answers it with
    //! 101): \a requestHead is the start of the request, from which the path is taken.
    void recordUpgrade(QByteArrayView requestHead, const QHostAddress &remote);

    //! The pattern \a path matches, or UnmatchedRoute.
    [[nodiscard]] QString routeOf(QStringView path) const;

    //! The id of the request being handled right now on this thread; empty outside a request.
    [[nodiscard]] static QByteArray currentRequestId();
    //! 1 to MaxRequestIdLength characters of [A-Za-z0-9._:-].
    [[nodiscard]] static bool isValidRequestId(QByteArrayView id);
    //! A new random request id (16 hex digits).
    [[nodiscard]] static QByteArray generateRequestId();

    //! Requests finished so far (all routes).
    [[nodiscard]] qint64 requestCount() const { return m_requestCount; }

private:
    struct StatusCounter
    {
        int key = 0; //!< method index << 16 | status
        MetricsRegistry::Counter *counter = nullptr;
    };
    struct Route
    {
        QString pattern;
        QStringList segments;
        MetricsRegistry::Histogram *latency = nullptr;
        std::vector<StatusCounter> counters;
    };
    [[nodiscard]] int routeIndex(QStringView path) const;
    QByteArray record(QHttpServerRequest::Method method, const QString &path,
        const QHostAddress &remote, int status, qint64 bytes, qint64 micros);
    MetricsRegistry::Counter &counterFor(
        Route &route, QHttpServerRequest::Method method, int status);

    MetricsRegistry &m_metrics;
    std::vector<Route> m_routes; //!< the last one is UnmatchedRoute
    const QHttpServerRequest *m_current = nullptr;
    QElapsedTimer m_timer;
    qint64 m_requestCount = 0;
};

} // namespace Ops
