#pragma once

#include <chrono>
#include <functional>

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include "orderservice.h"
#include "protocol/driver.h"
#include "traveltimes.h"

namespace Ops {

struct ChangeEvent;
class Store;

//! \brief Keeps the ETA of every open order that has a driver: from the driver's latest
//! position through the order's remaining stops (its pickup unless picked up, then its
//! drop-off), assuming the driver goes there next.
//!
//! Driven by the event log: a position report (`driver.updated` with `lat`/`lon`) recomputes
//! that driver's orders, at most once per throttle interval per driver (a report inside the
//! interval is taken at its end, so the last position always counts); an assignment, a status
//! change or a new order with a driver recomputes at once. Drivers nobody heard of for a while
//! are recomputed by a periodic refresh, so an ETA never freezes in the past.
//!
//! A new ETA is written back as a versioned write of the order (OrderService::setEtas(): one
//! version, an `order.updated` event carrying `etaAt` and `etaEstimate`) only when somebody
//! could see the difference: it moved by at least the minimum change (a minute), its estimate
//! flag changed, or it appeared or went away.
class EtaEngine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EtaEngine)

public:
    using Clock = std::function<QDateTime()>;

    //! \brief Counters for /metrics and tests.
    struct Stats
    {
        qint64 recomputes = 0; //!< driver recomputations
        qint64 written = 0; //!< ETA writes (order versions)
        qint64 unchanged = 0; //!< ETAs computed and not written (moved less than the minimum)
        qint64 skipped = 0; //!< writes refused because the order moved on meanwhile
        qint64 failures = 0; //!< reads or writes the store failed
        //! position reports of drivers a run found without an open order since the last
        //! change that could give them one: nothing read, nothing computed
        qint64 idle = 0;
    };

    EtaEngine(Store &store, OrderService &orders, TravelTimes &travel, QObject *parent = nullptr);

    //! Position reports of one driver recompute at most this often (default 2 s).
    void setThrottle(std::chrono::milliseconds throttle) { m_throttle = throttle; }
    //! An ETA is written when it moves by at least this much (default 60 s).
    void setMinimumChange(std::chrono::seconds change) { m_minimumChange = change; }
    //! Drivers with open orders not recomputed for this long are recomputed (default 60 s;
    //! checked every half of it).
    void setRefreshAfter(std::chrono::milliseconds after);
    //! The time ETAs are computed from (default: the system clock, UTC).
    void setClock(Clock clock) { m_clock = std::move(clock); }

    //! Listens to the store's events and recomputes every driver with open orders once.
    void start();
    void stop();
    [[nodiscard]] bool isRunning() const { return m_running; }

    //! Recomputes \a driverId's orders at the end of this event-loop turn (no throttle).
    void recompute(const QString &driverId);
    //! Recomputes every driver with open orders (at the end of this event-loop turn).
    void recomputeAll();

    [[nodiscard]] const Stats &stats() const { return m_stats; }

Q_SIGNALS:
    //! \a driverId's orders were recomputed; \a written ETAs were written.
    void recomputed(const QString &driverId, int written);

private:
    //! \brief Throttle and progress of one driver.
    struct DriverState
    {
        qint64 lastRunMs = -1; //!< monotonic ms of the last recompute's start
        qint64 dueMs = -1; //!< when a recompute is wanted; -1: none
        bool inFlight = false; //!< waiting for the routing service
    };

    void onEvent(const ChangeEvent &event);
    //! Wants a recompute of \a driverId: now, or (\a throttled) not before the interval is over.
    void want(const QString &driverId, bool throttled);
    //! Starts the timer for the earliest due driver not in flight (looks at every driver).
    void arm();
    //! Starts the timer to fire by \a dueMs (monotonic ms), unless it fires sooner already.
    void armFor(qint64 dueMs);
    void runDue();
    //! Recomputes the orders of \a driverIds.
    void run(const QStringList &driverIds);
    void refresh();
    //! Computes the ETAs of \a orders (all of \a driver) from \a times (two legs for an order
    //! not picked up, one otherwise, in order) and collects the ones to write.
    void collect(const Driver &driver, const QList<Order> &orders, const QList<int> &legCounts,
        const QList<LegTime> &times, QList<EtaUpdate> *updates);
    //! Writes \a updates in one transaction; says for each whether it was written.
    QList<bool> write(const QList<EtaUpdate> &updates);
    void finish(const QString &driverId, int written);

    Store &m_store;
    OrderService &m_orders;
    TravelTimes &m_travel;
    Clock m_clock;
    QElapsedTimer m_mono;
    QTimer m_timer; //!< next due recompute
    QTimer m_refresh;
    QHash<QString, DriverState> m_state;
    //! Drivers a run found without an open order, until an event that may give one an order
    //! (most of a fleet's position reports are of such drivers).
    QSet<QString> m_withoutOrders;
    std::chrono::milliseconds m_throttle { 2000 };
    std::chrono::seconds m_minimumChange { 60 };
    std::chrono::milliseconds m_refreshAfter { 60000 };
    bool m_running = false;
    Stats m_stats;
};

} // namespace Ops
