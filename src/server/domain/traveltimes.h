#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include <QCache>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QString>
#include <QUrl>

#include "protocol/order.h"
#include "travelmodel.h"

namespace Ops {

//! \brief One stretch to time: from, to, and the region whose average speed the built-in model
//! uses for it.
struct Leg
{
    GeoPoint from;
    GeoPoint to;
    QString region;
};

//! \brief How long a leg takes, and whether that is the built-in model's estimate rather than
//! the routing service's answer.
struct LegTime
{
    double seconds = 0;
    bool estimate = true;

    friend bool operator==(const LegTime &, const LegTime &) = default;
};

//! \brief Where the OSRM-compatible routing service is and how the server uses it.
struct RoutingSettings
{
    QUrl url; //!< base URL, e.g. `http://127.0.0.1:5000`; empty: no routing service
    QString profile = QStringLiteral("driving");
    //! Longest the server waits for one answer; then the built-in model answers instead.
    std::chrono::milliseconds budget { 1000 };
    //! After a failure (down, slow, a broken answer), how long only the built-in model is used.
    std::chrono::milliseconds retryAfter { 30000 };
    //! How long a routed leg is reused.
    std::chrono::milliseconds cacheTtl { 300000 };
    int cacheLegs = 50000; //!< most legs the cache holds
    int maxInFlight = 32; //!< requests out at once; more work waits (see hasCapacity())
    //! Most coordinates in one table request (OSRM's default `--max-table-size` is 100).
    int maxCoordinates = 100;

    [[nodiscard]] bool isEnabled() const { return url.isValid() && !url.isEmpty(); }
};

//! \brief The travel-time provider behind ETAs and the candidate list: an OSRM-compatible
//! routing service (`GET /table/v1/<profile>/<coordinates>`) when one is configured, with a
//! cache and a time budget per request, and the built-in TravelModel otherwise.
//!
//! Never blocks: requests run on QNetworkAccessManager and answer through a callback. When the
//! service is slow (over the budget), down, or answers something that is not a plausible
//! duration table, the legs it did not answer come from the built-in model, marked as
//! estimates, and the service is left alone for RoutingSettings::retryAfter.
class TravelTimes final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TravelTimes)

public:
    //! \brief What happened to the requests so far (for /metrics and tests).
    struct Stats
    {
        qint64 requests = 0; //!< table requests sent
        qint64 answered = 0; //!< answered with a usable table
        qint64 failed = 0; //!< network or HTTP error
        qint64 timedOut = 0; //!< over the budget
        qint64 rejected = 0; //!< answers that were not a usable table
        qint64 implausibleLegs = 0; //!< durations no road allows (too fast, far too slow)
        qint64 cacheHits = 0;
        qint64 estimatedLegs = 0; //!< legs the built-in model answered
    };

    explicit TravelTimes(QObject *parent = nullptr);
    ~TravelTimes() override;

    void setModel(const TravelModel &model) { m_model = model; }
    [[nodiscard]] const TravelModel &model() const { return m_model; }
    //! Replaces the routing settings (and empties the cache).
    void setRouting(const RoutingSettings &settings);
    [[nodiscard]] const RoutingSettings &routing() const { return m_routing; }
    //! True when a routing service is configured and not being left alone after a failure.
    [[nodiscard]] bool isRoutingUp() const;
    //! How many more requests may go out now (RoutingSettings::maxInFlight minus those out);
    //! unlimited without a usable routing service. Callers with more work wait for
    //! requestFinished() rather than pile requests up.
    [[nodiscard]] qsizetype availableRequests() const;

    //! Times of \a legs from what is known now, without asking anybody: routed legs from the
    //! cache, the rest from the built-in model.
    [[nodiscard]] QList<LegTime> known(const QList<Leg> &legs);
    //! Times of \a legs: routed legs from the cache, the others asked of the routing service
    //! (one table request per RoutingSettings::maxCoordinates) within the budget; whatever it
    //! does not answer usefully comes from the built-in model. \a done runs once on this thread,
    //! at once when there is nothing to ask, and not at all if \a context is gone by then.
    void request(const QList<Leg> &legs, QObject *context,
        const std::function<void(const QList<LegTime> &)> &done);
    //! Asks the routing service for the legs the cache does not hold, without waiting for it.
    void prefetch(const QList<Leg> &legs);

    [[nodiscard]] const Stats &stats() const { return m_stats; }

Q_SIGNALS:
    //! The routing service became usable again (\a up) or is left alone after a failure.
    void routingAvailabilityChanged(bool up);
    //! A request came back (answered or not): there is capacity again.
    void requestFinished();

private:
    struct Pending;
    struct Cached
    {
        double seconds = 0;
        qint64 expiresAtMs = 0;
    };

    [[nodiscard]] static QString keyOf(const Leg &leg);
    [[nodiscard]] LegTime builtIn(const Leg &leg);
    [[nodiscard]] const Cached *cached(const Leg &leg);
    //! Routed seconds per leg key, as one request's tables answered them.
    using Answers = QHash<QString, double>;
    //! Starts the table request(s) for \a legs; \a finished runs with what they answered when
    //! every one came back.
    void ask(const QList<Leg> &legs, const std::function<void(const Answers &)> &finished);
    void sendTable(const QList<Leg> &legs, const std::shared_ptr<Answers> &answers,
        const std::function<void()> &finished);
    //! Reads one table answer into \a answers and the cache; false when it is not a usable
    //! table.
    bool takeAnswer(const QByteArray &body, const QList<Leg> &legs, const QList<int> &sourceOf,
        const QList<int> &destinationOf, int sources, int destinations, Answers *answers);
    //! Times of \a legs: from \a answers, else the cache, else the built-in model.
    [[nodiscard]] QList<LegTime> timesOf(const QList<Leg> &legs, const Answers &answers);
    void markDown(const QString &why);

    TravelModel m_model;
    RoutingSettings m_routing;
    QNetworkAccessManager m_network;
    QCache<QString, Cached> m_cache;
    QElapsedTimer m_clock;
    qint64 m_downUntilMs = -1;
    int m_inFlight = 0;
    Stats m_stats;
};

} // namespace Ops
