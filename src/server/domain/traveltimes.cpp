#include "traveltimes.h"

#include <cmath>
#include <limits>
#include <memory>

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QUrlQuery>

#include "core/logging.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

//! Faster than any road allows over a real distance: the answer is wrong.
constexpr double kFastestKmh = 150;
//! Straight lines shorter than this may legitimately take "no time" (same block).
constexpr double kShortestCheckedKm = 0.3;
//! Slower than this many times the built-in estimate (plus a quarter of an hour): wrong too.
constexpr double kSlowestFactor = 10;
constexpr double kSlowestExtraSeconds = 900;

QString coordinate(GeoPoint p)
{
    // OSRM takes longitude first.
    return u"%1,%2"_s.arg(p.lon, 0, 'f', 6).arg(p.lat, 0, 'f', 6);
}

//! Positions that round to the same cache key are one coordinate of a request.
QString pointKey(GeoPoint p)
{
    return u"%1,%2"_s.arg(p.lat, 0, 'f', 4).arg(p.lon, 0, 'f', 4);
}

} // namespace

//! \brief What request() waits for: its legs and the callback.
struct TravelTimes::Pending
{
    QList<Leg> legs;
    QPointer<QObject> context;
    bool hasContext = false;
    std::function<void(const QList<LegTime> &)> done;
};

TravelTimes::TravelTimes(QObject *parent)
    : QObject(parent)
{
    m_clock.start();
    m_cache.setMaxCost(m_routing.cacheLegs);
}

TravelTimes::~TravelTimes() = default;

void TravelTimes::setRouting(const RoutingSettings &settings)
{
    m_routing = settings;
    m_cache.clear();
    m_cache.setMaxCost(qMax(1, settings.cacheLegs));
    m_downUntilMs = -1;
    if (settings.isEnabled())
        qCInfo(lcServerEta) << "routing service"
                            << settings.url.toDisplayString(
                                   QUrl::RemoveQuery | QUrl::RemoveUserInfo)
                            << "profile" << settings.profile << "budget" << settings.budget.count()
                            << "ms";
}

bool TravelTimes::isRoutingUp() const
{
    return m_routing.isEnabled() && (m_downUntilMs < 0 || m_clock.elapsed() >= m_downUntilMs);
}

qsizetype TravelTimes::availableRequests() const
{
    if (!isRoutingUp())
        return std::numeric_limits<qsizetype>::max();
    return std::max(0, m_routing.maxInFlight - m_inFlight);
}

QString TravelTimes::keyOf(const Leg &leg)
{
    return pointKey(leg.from) + u'>' + pointKey(leg.to);
}

LegTime TravelTimes::builtIn(const Leg &leg)
{
    ++m_stats.estimatedLegs;
    return LegTime { m_model.seconds(leg.from, leg.to, leg.region), true };
}

const TravelTimes::Cached *TravelTimes::cached(const Leg &leg)
{
    if (!m_routing.isEnabled())
        return nullptr;
    const QString key = keyOf(leg);
    const Cached *entry = m_cache.object(key);
    if (!entry)
        return nullptr;
    if (entry->expiresAtMs <= m_clock.elapsed()) {
        m_cache.remove(key);
        return nullptr;
    }
    return entry;
}

QList<LegTime> TravelTimes::known(const QList<Leg> &legs)
{
    return timesOf(legs, {});
}

QList<LegTime> TravelTimes::timesOf(const QList<Leg> &legs, const Answers &answers)
{
    QList<LegTime> times;
    times.reserve(legs.size());
    for (const Leg &leg : legs) {
        const auto answered = answers.constFind(keyOf(leg));
        if (answered != answers.constEnd()) {
            times.append(LegTime { *answered, false });
        } else if (const Cached *entry = cached(leg)) {
            ++m_stats.cacheHits;
            times.append(LegTime { entry->seconds, false });
        } else {
            times.append(builtIn(leg));
        }
    }
    return times;
}

void TravelTimes::request(const QList<Leg> &legs, QObject *context,
    const std::function<void(const QList<LegTime> &)> &done)
{
    QList<Leg> missing;
    if (isRoutingUp()) {
        QSet<QString> seen;
        for (const Leg &leg : legs) {
            if (!cached(leg) && !seen.contains(keyOf(leg))) {
                seen.insert(keyOf(leg));
                missing.append(leg);
            }
        }
    }
    if (missing.isEmpty()) {
        done(known(legs));
        return;
    }
    auto pending = std::make_shared<Pending>(Pending { legs, context, context != nullptr, done });
    // Whatever came back by then is routed, the rest the built-in model's.
    ask(missing, [this, pending](const Answers &answers) {
        if (pending->hasContext && !pending->context)
            return;
        pending->done(timesOf(pending->legs, answers));
    });
}

void TravelTimes::prefetch(const QList<Leg> &legs)
{
    // Only with room to spare: a warm-up never crowds out the ETAs' own requests.
    if (!isRoutingUp() || availableRequests() <= 0)
        return;
    QList<Leg> missing;
    QSet<QString> seen;
    for (const Leg &leg : legs) {
        if (!cached(leg) && !seen.contains(keyOf(leg))) {
            seen.insert(keyOf(leg));
            missing.append(leg);
        }
    }
    if (!missing.isEmpty())
        ask(missing, [](const Answers &) {});
}

void TravelTimes::ask(const QList<Leg> &legs, const std::function<void(const Answers &)> &finished)
{
    // Split so that no request names more than maxCoordinates distinct points.
    QList<QList<Leg>> chunks;
    QSet<QString> points;
    for (const Leg &leg : legs) {
        const QString from = pointKey(leg.from);
        const QString to = pointKey(leg.to);
        const qsizetype added = (points.contains(from) ? 0 : 1) + (points.contains(to) ? 0 : 1);
        if (chunks.isEmpty() || points.size() + added > qMax(2, m_routing.maxCoordinates)) {
            chunks.append(QList<Leg>());
            points.clear();
        }
        chunks.last().append(leg);
        points.insert(from);
        points.insert(to);
    }
    auto outstanding = std::make_shared<qsizetype>(chunks.size());
    auto answers = std::make_shared<Answers>();
    for (const QList<Leg> &chunk : std::as_const(chunks)) {
        sendTable(chunk, answers, [outstanding, answers, finished] {
            if (--*outstanding == 0)
                finished(*answers);
        });
    }
}

void TravelTimes::sendTable(const QList<Leg> &legs, const std::shared_ptr<Answers> &answers,
    const std::function<void()> &finished)
{
    // Sources are the distinct starts, destinations the distinct ends; a point may be both.
    QStringList coordinates;
    QHash<QString, int> sourceIndex;
    QHash<QString, int> destinationIndex;
    QList<int> sourceOf;
    QList<int> destinationOf;
    QList<GeoPoint> sourcePoints;
    QList<GeoPoint> destinationPoints;
    for (const Leg &leg : legs) {
        const QString key = pointKey(leg.from);
        if (!sourceIndex.contains(key)) {
            sourceIndex.insert(key, int(sourcePoints.size()));
            sourcePoints.append(leg.from);
        }
        sourceOf.append(sourceIndex.value(key));
    }
    for (const Leg &leg : legs) {
        const QString key = pointKey(leg.to);
        if (!destinationIndex.contains(key)) {
            destinationIndex.insert(key, int(destinationPoints.size()));
            destinationPoints.append(leg.to);
        }
        destinationOf.append(destinationIndex.value(key));
    }
    QStringList sources;
    QStringList destinations;
    for (const GeoPoint &p : std::as_const(sourcePoints)) {
        sources.append(QString::number(coordinates.size()));
        coordinates.append(coordinate(p));
    }
    for (const GeoPoint &p : std::as_const(destinationPoints)) {
        destinations.append(QString::number(coordinates.size()));
        coordinates.append(coordinate(p));
    }
    QUrl url = m_routing.url;
    QString path = url.path();
    if (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + u"/table/v1/%1/%2"_s.arg(m_routing.profile, coordinates.join(u';')));
    QUrlQuery query;
    query.addQueryItem(u"sources"_s, sources.join(u';'));
    query.addQueryItem(u"destinations"_s, destinations.join(u';'));
    query.addQueryItem(u"annotations"_s, u"duration"_s);
    url.setQuery(query);

    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(int(m_routing.budget.count()));
    ++m_inFlight;
    ++m_stats.requests;
    QNetworkReply *reply = m_network.get(request);
    // The budget counts from now, also for a service that trickles its answer out.
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    auto timedOut = std::make_shared<bool>(false);
    connect(deadline, &QTimer::timeout, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    deadline->start(m_routing.budget);
    const int sourceCount = int(sourcePoints.size());
    const int destinationCount = int(destinationPoints.size());
    connect(reply, &QNetworkReply::finished, this,
        [this, reply, legs, sourceOf, destinationOf, sourceCount, destinationCount, timedOut,
            answers, finished] {
            reply->deleteLater();
            --m_inFlight;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const bool wasTimeout = *timedOut
                || reply->error() == QNetworkReply::OperationCanceledError
                || reply->error() == QNetworkReply::TimeoutError;
            if (wasTimeout) {
                ++m_stats.timedOut;
                markDown(u"no answer within %1 ms"_s.arg(m_routing.budget.count()));
            } else if (reply->error() != QNetworkReply::NoError || status != 200) {
                ++m_stats.failed;
                markDown(status > 0 ? u"HTTP %1"_s.arg(status) : reply->errorString());
            } else if (!takeAnswer(reply->readAll(), legs, sourceOf, destinationOf, sourceCount,
                           destinationCount, answers.get())) {
                ++m_stats.rejected;
                markDown(u"the answer is not a duration table"_s);
            } else {
                ++m_stats.answered;
                if (m_downUntilMs >= 0) {
                    m_downUntilMs = -1;
                    qCInfo(lcServerEta) << "routing service answers again";
                    Q_EMIT routingAvailabilityChanged(true);
                }
            }
            finished();
            Q_EMIT requestFinished();
        });
}

bool TravelTimes::takeAnswer(const QByteArray &body, const QList<Leg> &legs,
    const QList<int> &sourceOf, const QList<int> &destinationOf, int sources, int destinations,
    Answers *answers)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    const QJsonObject root = doc.object();
    if (error.error != QJsonParseError::NoError || !doc.isObject()
        || root.value("code"_L1).toString() != "Ok"_L1 || !root.value("durations"_L1).isArray())
        return false;
    const QJsonArray rows = root.value("durations"_L1).toArray();
    if (rows.size() != sources)
        return false;
    for (const QJsonValue &row : rows) {
        if (!row.isArray() || row.toArray().size() != destinations)
            return false;
        for (const QJsonValue &cell : row.toArray()) {
            if (!cell.isDouble() && !cell.isNull())
                return false;
        }
    }
    const qint64 expiresAt = m_clock.elapsed() + m_routing.cacheTtl.count();
    for (qsizetype i = 0; i < legs.size(); ++i) {
        const Leg &leg = legs.at(i);
        const QJsonValue cell =
            rows.at(sourceOf.at(i)).toArray().at(destinationOf.at(i)); // null: no route
        if (cell.isNull())
            continue;
        const double seconds = cell.toDouble();
        const double km = TravelModel::distanceKm(leg.from, leg.to);
        const double modelled = m_model.seconds(leg.from, leg.to, leg.region);
        const bool tooFast = km > kShortestCheckedKm && seconds < km / kFastestKmh * 3600.0;
        const bool tooSlow = seconds > modelled * kSlowestFactor + kSlowestExtraSeconds;
        if (!std::isfinite(seconds) || seconds < 0 || tooFast || tooSlow) {
            ++m_stats.implausibleLegs;
            qCDebug(lcServerEta) << "implausible routed duration" << seconds << "s for" << km
                                 << "km; using the built-in estimate";
            continue;
        }
        answers->insert(keyOf(leg), seconds);
        if (m_routing.cacheTtl.count() > 0)
            m_cache.insert(keyOf(leg), new Cached { seconds, expiresAt });
    }
    return true;
}

void TravelTimes::markDown(const QString &why)
{
    const bool wasUp = m_downUntilMs < 0 || m_clock.elapsed() >= m_downUntilMs;
    m_downUntilMs = m_clock.elapsed() + m_routing.retryAfter.count();
    if (wasUp) {
        qCWarning(lcServerEta).noquote()
            << "routing service"
            << m_routing.url.toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo)
            << "not used for" << m_routing.retryAfter.count() << "ms:" << why
            << "(ETAs are built-in estimates meanwhile)";
        Q_EMIT routingAvailabilityChanged(false);
    }
}

} // namespace Ops
