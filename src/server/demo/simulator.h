#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

#include "protocol/driver.h"
#include "protocol/order.h"

namespace Ops {

class OrderService;
class PositionIntake;
class Store;

//! \brief Produces a believable day through the Store, so events flow exactly as for REST
//! writes, and holds it steady for as long as it runs.
//!
//! Orders run on the simulator's clock (its start time plus one interval per tick): each open
//! order has a plan — when it will be finished (a third of the time to its due time to a
//! quarter more than all of it, so about one in four arrives a little late) and when its next
//! step is due — and moves a step
//! when that time comes (now and then it is cancelled or fails instead). On assignment the
//! available driver of its region with the fewest open orders (idle or en route, at most
//! MaxOrdersPerDriver) becomes the order's driver and goes en_route; a new order waits while
//! its region has none. When a driver's last open order is finished it goes idle again, and a
//! delivery records a payment. New orders (at one of the region's streets, picked up at its
//! depot, due in 40 to 150 minutes) arrive at the rate that keeps the number of open orders
//! where it was when the simulator started (Little's law: that number over the mean time an
//! order is open), a little faster below it and slower above it: orders delivered ≈ orders
//! created, hour after hour, at any tick interval.
//!
//! Every tick also moves a few online, active drivers: each reports its new position through
//! the OsmAnd intake exactly as a phone would, with its demo device key (`demo-DRV-nnn`, see
//! Demo::deviceKey(); `driver.updated` with fields), a driver carrying a picked-up order toward
//! its drop-off; now and then a driver goes offline, comes back (its first report brings it
//! online), takes a break, or falls silent long enough for the alert engine to call it
//! unresponsive.
//! Deterministic for a seed: the same seed, start time and ticks make the same choices.
//!
//! Cheap per tick: it keeps its own view of the open orders and the drivers, updated from its own
//! writes, and reads them from the store again only after a write found the row changed by someone
//! else (conflict, not found) and every few seconds. Rate-true: a late timer wake-up runs the ticks
//! it missed (at most MaxCatchUp at once).
class Simulator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Simulator)

public:
    //! Most ticks one wake-up runs; a longer delay is dropped, not piled up.
    static constexpr int MaxCatchUp = 50;
    //! How often the view is read from the store again even when every write succeeded.
    static constexpr std::chrono::seconds ReloadInterval { 5 };
    //! Most open orders one driver is given.
    static constexpr int MaxOrdersPerDriver = 8;

    //! Reports positions through \a intake (the server's, so they are counted with every
    //! other report).
    Simulator(Store &store, PositionIntake &intake, quint32 seed = 1, QObject *parent = nullptr);
    //! Reports positions through an intake of its own over \a store.
    explicit Simulator(Store &store, quint32 seed = 1, QObject *parent = nullptr);
    ~Simulator() override;

    void setInterval(std::chrono::milliseconds interval);
    [[nodiscard]] std::chrono::milliseconds interval() const { return m_interval; }
    [[nodiscard]] bool isRunning() const { return m_timer.isActive(); }

    //! The simulator's clock at its first tick (default: the time it was constructed).
    void setStartTime(const QDateTime &start) { m_now = start.toUTC(); }
    //! The simulator's clock: the start time plus one interval per tick run (or dropped).
    [[nodiscard]] QDateTime now() const { return m_now; }
    //! The number of open orders it holds steady (default: the open orders it finds first,
    //! at least ten).
    void setTargetOpenOrders(int target) { m_targetOpen = target; }
    [[nodiscard]] int targetOpenOrders() const { return m_targetOpen; }

    void start();
    void stop() { m_timer.stop(); }
    //! One step, as the timer would run it. Returns false when nothing could be changed.
    bool tick();
    //! Runs the ticks that are due after \a elapsed more time: one per interval, counting what
    //! earlier calls left over, at most MaxCatchUp (the rest is dropped). Returns how many ran.
    //! The timer calls it with the time since its last wake-up.
    int catchUp(std::chrono::nanoseconds elapsed);
    //! Drops the in-memory view: the next tick reads orders and drivers from the store.
    void reload() { m_loaded = false; }

Q_SIGNALS:
    //! After each wake-up of the timer (which may have run several ticks).
    void ticked();

private:
    //! \brief What the simulator knows of an open order.
    struct OpenOrder
    {
        QString id;
        OrderStatus status = OrderStatus::New;
        qint64 version = 0;
        QString region;
        QString driverId;
        std::optional<GeoPoint> dropoffAt;
        QDateTime dueAt;
    };
    //! \brief When an open order will be finished, and when its next step is due.
    struct Plan
    {
        QDateTime finishAt;
        QDateTime nextAt;
    };

    [[nodiscard]] bool ensureLoaded();
    //! Moves every order whose next step is due; true when one moved.
    bool advanceDueOrders();
    //! The order rules as of the simulated day (m_now), not the machine's.
    [[nodiscard]] OrderService orderService() const;
    //! Moves order \a index one step (or cancels or fails it); false when it cannot move now.
    bool advance(qsizetype index);
    //! Creates the orders the arrival rate asks for this tick; true when one was created.
    bool createDueOrders();
    bool createRandomOrder();
    void moveDrivers();
    //! A plan for \a order as of now: finished before its due time (most of the time), with the
    //! next step a share of the time left.
    [[nodiscard]] Plan planFor(const OpenOrder &order);
    //! When the next step of an order with \a plan in \a status is due.
    [[nodiscard]] QDateTime nextStepAt(const Plan &plan, OrderStatus status);
    //! The available driver of \a region with the fewest open orders (ties drawn at random),
    //! or -1 when none.
    [[nodiscard]] qsizetype pickDispatchDriver(const QString &region);
    //! Open orders of driver \a id in the view.
    [[nodiscard]] int openOrdersOf(const QString &id) const;
    [[nodiscard]] qsizetype driverIndex(const QString &id) const;
    //! Sets the presence of the driver at \a index; keeps the view in step.
    void setDriverStatus(qsizetype index, DriverStatus status);
    //! The driver at \a index reports \a driver's position (an OsmAnd request with its demo
    //! key); keeps the view in step.
    void reportPosition(qsizetype index, const Driver &driver, double speedKmh, double bearing);
    //! Where the driver \a id is heading: the drop-off of the order it carries, if any.
    [[nodiscard]] std::optional<GeoPoint> destinationOf(const QString &driverId) const;
    void insertOpen(const OpenOrder &order);

    Store &m_store;
    std::unique_ptr<PositionIntake> m_ownIntake;
    PositionIntake &m_intake;
    QRandomGenerator m_rng;
    QTimer m_timer;
    std::chrono::milliseconds m_interval { 400 };
    QElapsedTimer m_wakeClock; //!< since the last wake-up
    std::chrono::nanoseconds m_owed { 0 }; //!< time not yet ticked for
    QHash<QString, int> m_silentTicks; //!< drivers that stopped reporting, ticks left
    QList<OpenOrder> m_open; //!< sorted by id
    QHash<QString, Plan> m_plans; //!< by order id; kept across reloads
    QList<Driver> m_drivers; //!< sorted by id
    bool m_loaded = false;
    QElapsedTimer m_sinceLoad;
    QDateTime m_now;
    int m_targetOpen = -1;
    double m_createCredit = 0; //!< orders owed to the arrival rate
};

} // namespace Ops
