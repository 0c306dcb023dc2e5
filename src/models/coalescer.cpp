#include "coalescer.h"

namespace Ops {

Coalescer::Coalescer(
    Mode mode, std::chrono::milliseconds interval, std::function<void()> fn, QObject *parent)
    : QObject(parent)
    , m_mode(mode)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, std::move(fn));
}

Coalescer::~Coalescer() = default;

void Coalescer::trigger()
{
    if (m_mode == Mode::Debounce || !m_timer.isActive())
        m_timer.start(); // a debounce restarts the wait; a throttle keeps the one it has
}

} // namespace Ops
