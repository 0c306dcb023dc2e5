#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

#include "protocol/driver.h"
#include "protocol/order.h"

namespace Ops {

class PositionIntake;
class Store;

//! \brief Produces a believable day through the Store, so events flow exactly as for REST
//! writes, and drivers' positions through the OsmAnd intake, exactly as a phone's: each demo
//! driver reports with its demo device key (`demo-DRV-nnn`, see Demo::deviceKey()). Each tick:
//! about one in ten creates an order (with a drop-off position near its region's centre); otherwise
//! a random open order moves along its lifecycle (occasionally cancelled or failed). On assignment
//! an idle driver of its region becomes the order's driver and goes en_route (a new order waits
//! while its region has none); when the order is delivered (or cancelled, or failed) that driver
//! goes idle again, and a delivery records a payment. Every tick also moves a few online, active
//! drivers: each reports its new position as an OsmAnd request (`driver.updated` with fields), a
//! driver carrying a picked-up order toward its drop-off; now and then a driver goes offline, comes
//! back (its first report brings it online), takes a break, or falls silent long enough for the
//! alert engine to call it unresponsive. Deterministic for a seed: the same seed and ticks make the
//! same choices.
//!
//! Cheap per tick: it keeps its own view
//! of the open orders and the drivers, updated from its own writes, and reads them from the store
//! again only after a write found the row changed by someone else (conflict, not found) and every
//! few seconds. Rate-true: a late timer wake-up runs the ticks it missed (at most MaxCatchUp at
//! once).
class Simulator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Simulator)

public:
    //! Most ticks one wake-up runs; a longer delay is dropped, not piled up.
    static constexpr int MaxCatchUp = 50;
    //! How often the view is read from the store again even when every write succeeded.
    static constexpr std::chrono::seconds ReloadInterval { 5 };

    //! Reports positions through \a intake (the server's, so they are counted with every
    //! other report).
    Simulator(Store &store, PositionIntake &intake, quint32 seed = 1, QObject *parent = nullptr);
    //! Reports positions through an intake of its own over \a store.
    explicit Simulator(Store &store, quint32 seed = 1, QObject *parent = nullptr);
    ~Simulator() override;

    void setInterval(std::chrono::milliseconds interval);
    [[nodiscard]] std::chrono::milliseconds interval() const { return m_interval; }
    [[nodiscard]] bool isRunning() const { return m_timer.isActive(); }

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
    };

    [[nodiscard]] bool ensureLoaded();
    bool advanceRandomOrder();
    bool createRandomOrder();
    void moveDrivers();
    //! A random non-silent driver of \a region in \a status (one draw), or -1 when none.
    [[nodiscard]] qsizetype pickDriver(const QString &region, DriverStatus status);
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
    QList<Driver> m_drivers; //!< sorted by id
    bool m_loaded = false;
    QElapsedTimer m_sinceLoad;
};

} // namespace Ops
