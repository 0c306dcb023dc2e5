#pragma once

#include <memory>
#include <vector>

#include <QNetworkAccessManager>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

#include "server/store/webhookcursors.h"
#include "webhookendpoint.h"

QT_BEGIN_NAMESPACE
class QNetworkReply;
QT_END_NAMESPACE

namespace Ops {

class Store;
struct LoggedEvent;

//! \brief Delivers the event log to webhook endpoints: per endpoint one request at a time, in seq
//! order, from its durable cursor (WebhookCursors), retried with backoff until the endpoint
//! answers 2xx, and only then past it.
//!
//! Nothing is lost or reordered by a restart or a crash: the cursor moves (in the database)
//! only after a 2xx, so the event in flight when the process died is sent again, with the same
//! `Opsboard-Webhook-Id`; a receiver drops what it has seen (at least once, in order). Events an
//! endpoint does not want move its cursor without a request. The log keeps every event some
//! endpoint has not received (keepAfter()), whatever the retention settings say. A new endpoint
//! starts at the head of the log: it hears what happens from now on. When the log was reset
//! (new epoch) an endpoint starts at the beginning of the new log.
class WebhookDispatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookDispatcher)

public:
    //! \brief What one endpoint's delivery looks like now (for metrics and logs).
    struct Status
    {
        QString endpoint;
        qint64 cursor = 0; //!< last event delivered (or skipped)
        qint64 delivered = 0; //!< successful deliveries, ever (kept in the database)
        qint64 failedAttempts = 0; //!< attempts that failed since the process started
        QDateTime lastSuccessAt; //!< invalid: never
        bool retrying = false; //!< waiting to send the same event again
    };

    explicit WebhookDispatcher(Store &store, QObject *parent = nullptr);
    ~WebhookDispatcher() override;

    //! The endpoints to serve (replacing earlier ones) and the timings; call before start().
    void setEndpoints(const QList<WebhookEndpoint> &endpoints, const WebhookTimings &timings);
    //! Loads (or creates) every endpoint's cursor and starts delivering.
    void start();
    //! Stops sending; a request in flight is abandoned (its event goes again next time).
    void stop();

    [[nodiscard]] qsizetype endpointCount() const { return qsizetype(m_lanes.size()); }
    [[nodiscard]] QList<Status> status() const;
    //! Events after the returned seq are still to be delivered somewhere (max when none).
    [[nodiscard]] qint64 keepAfter() const;
    //! Events of \a endpoint (by its index) after its cursor that it wants; -1 on failure.
    [[nodiscard]] qint64 pending(qsizetype index) const;

Q_SIGNALS:
    //! \a endpoint answered 2xx for event \a seq.
    void delivered(const QString &endpoint, qint64 seq);

private:
    struct Lane;
    void schedulePumps();
    void pump(Lane &lane);
    void send(Lane &lane, const LoggedEvent &logged);
    void onFinished(Lane &lane, QNetworkReply *reply);
    void fail(Lane &lane, const QString &why);
    bool saveCursor(Lane &lane);

    Store &m_store;
    QNetworkAccessManager m_network;
    WebhookTimings m_timings;
    std::vector<std::unique_ptr<Lane>> m_lanes;
    QTimer m_wake; //!< zero-interval: one pump per event-loop turn after new events
    QRandomGenerator m_jitter { 0x0b5e55ed };
    bool m_running = false;
};

} // namespace Ops
