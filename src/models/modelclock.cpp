#include "modelclock.h"

namespace Ops {

ModelClock::ModelClock(std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, [this] { Q_EMIT ticked(++m_ticks); });
    m_timer.start();
}

ModelClock::~ModelClock() = default;

void ModelClock::every(int n, const QObject *context, std::function<void()> fn)
{
    Q_ASSERT(n >= 1);
    connect(this, &ModelClock::ticked, context, [n, fn = std::move(fn)](qint64 tick) {
        if (tick % n == 0)
            fn();
    });
}

} // namespace Ops
