#pragma once

#include <QObject>
#include <QRandomGenerator>
#include <QTimer>
#include <chrono>

namespace Ops {

class Store;

//! \brief Produces believable activity through the Store, so events flow exactly as for REST
//! writes: each tick advances a random open order along its lifecycle (occasionally cancelling
//! or failing it) or, about one tick in ten, creates a new order. Deterministic for a seed.
class Simulator : public QObject
{
    Q_OBJECT

public:
    explicit Simulator(Store &store, quint32 seed = 1, QObject *parent = nullptr);

    void setInterval(std::chrono::milliseconds interval) { m_timer.setInterval(interval); }
    [[nodiscard]] std::chrono::milliseconds interval() const { return m_timer.intervalAsDuration(); }
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

    Store &m_store;
    QRandomGenerator m_rng;
    QTimer m_timer;
};

} // namespace Ops
