#include "querystate.h"

#include <limits>

namespace Ops {

bool QueryState::isStale(qint64 staleTimeMs, qint64 nowMs) const
{
    if (isInvalidated || !hasData())
        return true;
    if (staleTimeMs == std::numeric_limits<qint64>::max())
        return false;
    return nowMs - dataUpdatedAt >= staleTimeMs;
}

} // namespace Ops
