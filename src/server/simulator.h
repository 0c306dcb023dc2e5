#pragma once

#include <chrono>

#include <QHash>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

#include "protocol/driver.h"

namespace Ops {

class Store;

//! \brief Produces a believable day through the Store, so events flow exactly as for REST
//! writes. Each tick: about one in ten creates an order; otherwise a random open order moves
//! along its lifecycle (occasionally cancelled or failed), with a driver of its region going
//! en_route on assignment and idle again on delivery, and a payment recorded on delivery.
//! Every tick also moves a few online drivers (`driver.updated` with fields); now and then a
//! driver goes offline, comes back, or falls silent long enough for the alert engine to call
//! it unresponsive. Deterministic for a seed: the same seed and ticks make the same choices.
class Simulator : public QObject
{
    Q_OBJECT

public:
    explicit Simulator(Store &store, quint32 seed = 1, QObject *parent = nullptr);

    void setInterval(std::chrono::milliseconds interval) { m_timer.setInterval(interval); }
    [[nodiscard]] std::chrono::milliseconds interval() const
    {
        return m_timer.intervalAsDuration();
    }
    [[nodiscard]] bool isRunning() const { return m_timer.isActive(); }

    void start() { m_timer.start(); }
    void stop() { m_timer.stop(); }
    //! One step, as the timer would run it. Returns false when nothing could be changed.
    bool tick();

Q_SIGNALS:
    void ticked();

private:
    bool advanceRandomOrder();
    bool createRandomOrder();
    void moveDrivers();
    //! Sets a driver of \a region from \a from to \a to (nothing when there is none).
    void setDriverStatus(const QString &region, DriverStatus from, DriverStatus to);

    Store &m_store;
    QRandomGenerator m_rng;
    QTimer m_timer;
    QHash<QString, int> m_silentTicks; //!< drivers that stopped reporting, ticks left
};

} // namespace Ops
