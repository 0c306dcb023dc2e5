#include "webhookdispatcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>

#include "core/logging.h"
#include "server/store/store.h"

using namespace Qt::StringLiterals;

namespace Ops {

struct WebhookDispatcher::Lane
{
    WebhookEndpoint endpoint;
    WebhookCursor cursor;
    QTimer retry; //!< single shot: the next attempt of the event that failed
    QPointer<QNetworkReply> reply; //!< the request in flight
    qint64 inFlightSeq = 0;
    int attempts = 0; //!< failed attempts of the current event
    qint64 failedAttempts = 0;
    bool cursorDirty = false; //!< skipped events moved the cursor; saved with the next change
    QElapsedTimer sinceSave;
};

WebhookDispatcher::WebhookDispatcher(Store &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    // Only the answers matter: no cookies, no proxy from the environment, no redirects.
    m_network.setProxy(QNetworkProxy::NoProxy);
    m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_wake.setSingleShot(true);
    m_wake.setInterval(0);
    connect(&m_wake, &QTimer::timeout, this, [this] {
        for (const auto &lane : m_lanes)
            pump(*lane);
    });
    connect(&m_store, &Store::eventLogged, this, &WebhookDispatcher::schedulePumps);
}

WebhookDispatcher::~WebhookDispatcher()
{
    stop();
}

void WebhookDispatcher::setEndpoints(
    const QList<WebhookEndpoint> &endpoints, const WebhookTimings &timings)
{
    stop();
    m_timings = timings;
    m_lanes.clear();
    for (const WebhookEndpoint &endpoint : endpoints) {
        auto lane = std::make_unique<Lane>();
        lane->endpoint = endpoint;
        lane->retry.setSingleShot(true);
        Lane *raw = lane.get();
        connect(&lane->retry, &QTimer::timeout, this, [this, raw] { pump(*raw); });
        m_lanes.push_back(std::move(lane));
    }
}

void WebhookDispatcher::start()
{
    const StreamPosition head = m_store.log().head();
    for (const auto &lane : m_lanes) {
        const auto stored = m_store.webhookCursors().get(lane->endpoint.name);
        if (stored) {
            lane->cursor = *stored;
        } else {
            // New: it hears what happens from now on, not the whole retained log.
            lane->cursor = WebhookCursor { lane->endpoint.name, head.epoch, head.seq, 0, {} };
            if (!m_store.webhookCursors().save(lane->cursor))
                qCWarning(lcServerWebhooks) << "cannot store the cursor of" << lane->endpoint.name;
        }
        qCInfo(lcServerWebhooks) << "endpoint" << lane->endpoint.name << "at seq"
                                 << lane->cursor.seq << "of" << head.seq;
    }
    m_running = true;
    schedulePumps();
}

void WebhookDispatcher::stop()
{
    m_running = false;
    m_wake.stop();
    for (const auto &lane : m_lanes) {
        lane->retry.stop();
        if (lane->reply) {
            QNetworkReply *reply = lane->reply;
            lane->reply = nullptr;
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
    }
}

void WebhookDispatcher::schedulePumps()
{
    if (m_running && !m_wake.isActive())
        m_wake.start();
}

bool WebhookDispatcher::saveCursor(Lane &lane)
{
    if (!m_store.webhookCursors().save(lane.cursor)) {
        // The cursor stays right in memory; after a restart the endpoint gets the events since
        // the last stored cursor again, with the same ids.
        qCWarning(lcServerWebhooks) << "cannot store the cursor of" << lane.endpoint.name;
        return false;
    }
    lane.cursorDirty = false;
    lane.sinceSave.start();
    return true;
}

void WebhookDispatcher::pump(Lane &lane)
{
    if (!m_running || lane.reply || lane.retry.isActive())
        return;
    EventLog &log = m_store.log();
    const QString epoch = log.epoch();
    if (lane.cursor.epoch != epoch) {
        qCWarning(lcServerWebhooks) << "event log reset (new epoch); endpoint" << lane.endpoint.name
                                    << "starts at its beginning";
        lane.cursor.epoch = epoch;
        lane.cursor.seq = 0;
        lane.cursorDirty = true;
    }
    for (;;) {
        const QList<LoggedEvent> batch = log.loggedAfter(lane.cursor.seq, 200);
        if (batch.isEmpty())
            break;
        if (batch.constFirst().event.seq > lane.cursor.seq + 1) {
            // Only a reset or an operator's trim can do this: the log keeps what is pending.
            qCCritical(lcServerWebhooks)
                << "events" << lane.cursor.seq + 1 << "to" << batch.constFirst().event.seq - 1
                << "left the log before endpoint" << lane.endpoint.name << "received them";
        }
        for (const LoggedEvent &logged : batch) {
            if (lane.endpoint.wants(logged.event, logged.region)) {
                send(lane, logged);
                return;
            }
            lane.cursor.seq = logged.event.seq;
            lane.cursorDirty = true;
        }
    }
    // Skipping is cheap to redo after a crash: the cursor of skipped events is stored at most
    // once a second, not once per event.
    if (lane.cursorDirty && (!lane.sinceSave.isValid() || lane.sinceSave.elapsed() >= 1000))
        saveCursor(lane);
}

void WebhookDispatcher::send(Lane &lane, const LoggedEvent &logged)
{
    const ChangeEvent &event = logged.event;
    const QByteArray id = (event.epoch + u':' + QString::number(event.seq)).toUtf8();
    QJsonObject eventJson = event.toJson();
    if (!logged.region.isEmpty())
        eventJson.insert("region"_L1, logged.region);
    const QByteArray body = QJsonDocument(
        QJsonObject { { "id"_L1, QString::fromUtf8(id) }, { "endpoint"_L1, lane.endpoint.name },
            { "event"_L1,
                eventJson } }).toJson(QJsonDocument::Compact);
    const qint64 timestamp = QDateTime::currentSecsSinceEpoch();
    QNetworkRequest request(lane.endpoint.url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    request.setHeader(QNetworkRequest::UserAgentHeader,
        u"opsboard-server/%1"_s.arg(QCoreApplication::applicationVersion()));
    request.setRawHeader(WebhookSignature::IdHeader, id);
    request.setRawHeader(WebhookSignature::TimestampHeader, QByteArray::number(timestamp));
    request.setRawHeader(WebhookSignature::SignatureHeader,
        WebhookSignature::sign(lane.endpoint.secret, timestamp, body));
    request.setRawHeader("Opsboard-Webhook-Event", event.type.toUtf8());
    request.setTransferTimeout(int(m_timings.timeout.count()));
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    lane.inFlightSeq = event.seq;
    QNetworkReply *reply = m_network.post(request, body);
    lane.reply = reply;
    Lane *raw = &lane;
    connect(reply, &QNetworkReply::finished, this, [this, raw, reply] { onFinished(*raw, reply); });
    qCDebug(lcServerWebhooks) << "sending" << event.type << id << "to" << lane.endpoint.name
                              << "attempt" << lane.attempts + 1;
}

void WebhookDispatcher::onFinished(Lane &lane, QNetworkReply *reply)
{
    reply->deleteLater();
    if (lane.reply != reply)
        return; // abandoned by stop()
    lane.reply = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError && (status < 200 || status > 299)) {
        fail(lane,
            status > 0 ? u"HTTP %1"_s.arg(status)
                       : reply->errorString().remove(lane.endpoint.url.toString()).trimmed());
        return;
    }
    if (status < 200 || status > 299) {
        fail(lane, u"HTTP %1"_s.arg(status));
        return;
    }
    lane.cursor.seq = lane.inFlightSeq;
    lane.cursor.delivered += 1;
    lane.cursor.lastSuccessAt = QDateTime::currentDateTimeUtc();
    if (lane.attempts > 0)
        qCInfo(lcServerWebhooks) << "endpoint" << lane.endpoint.name << "took event"
                                 << lane.inFlightSeq << "after" << lane.attempts
                                 << "failed attempts";
    lane.attempts = 0;
    saveCursor(lane);
    Q_EMIT delivered(lane.endpoint.name, lane.cursor.seq);
    pump(lane);
}

void WebhookDispatcher::fail(Lane &lane, const QString &why)
{
    ++lane.attempts;
    ++lane.failedAttempts;
    // Doubling from retryInitial up to retryMax, the wait drawn from its upper half so retries
    // of many endpoints spread out without ever coming at once.
    const qint64 base = std::min<qint64>(m_timings.retryMax.count(),
        m_timings.retryInitial.count() << std::min(lane.attempts - 1, 30));
    const qint64 delay = base / 2 + qint64(m_jitter.bounded(quint32(base / 2 + 1)));
    qCWarning(lcServerWebhooks) << "endpoint" << lane.endpoint.name << "refused event"
                                << lane.inFlightSeq << ":" << why << "; retry" << lane.attempts
                                << "in" << delay << "ms";
    lane.retry.start(std::chrono::milliseconds(delay));
}

QList<WebhookDispatcher::Status> WebhookDispatcher::status() const
{
    QList<Status> out;
    for (const auto &lane : m_lanes)
        out.append(Status { lane->endpoint.name, lane->cursor.seq, lane->cursor.delivered,
            lane->failedAttempts, lane->cursor.lastSuccessAt, lane->retry.isActive() });
    return out;
}

qint64 WebhookDispatcher::keepAfter() const
{
    qint64 floor = std::numeric_limits<qint64>::max();
    for (const auto &lane : m_lanes)
        floor = std::min(floor, lane->cursor.seq);
    return floor;
}

qint64 WebhookDispatcher::pending(qsizetype index) const
{
    if (index < 0 || index >= qsizetype(m_lanes.size()))
        return -1;
    const Lane &lane = *m_lanes.at(std::size_t(index));
    return m_store.webhookCursors().pendingAfter(
        lane.cursor.seq, lane.endpoint.events, lane.endpoint.regions);
}

} // namespace Ops
