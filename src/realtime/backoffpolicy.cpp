#include "backoffpolicy.h"

#include <algorithm>
#include <cmath>

namespace Ops {

std::chrono::milliseconds BackoffPolicy::ceiling(int attempt) const
{
    const int n = std::max(attempt, 1) - 1;
    const double raw = double(initial.count()) * std::pow(std::max(multiplier, 1.0), n);
    const double capped = std::min(raw, double(max.count()));
    return std::chrono::milliseconds(qint64(capped));
}

std::chrono::milliseconds BackoffPolicy::delayFor(int attempt, QRandomGenerator &rng) const
{
    const double top = double(ceiling(attempt).count());
    const double j = std::clamp(jitter, 0.0, 1.0);
    const double fixed = top * (1.0 - j);
    const double random = top * j * rng.generateDouble();
    return std::chrono::milliseconds(qint64(std::llround(fixed + random)));
}

} // namespace Ops
