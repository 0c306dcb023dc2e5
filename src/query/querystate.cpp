#include "querystate.h"

namespace Ops {

bool QueryState::isStale(qint64 staleTimeMs, qint64 nowMs) const
{
    if (!hasData())
        return true;
    if (staleTimeMs == StaleTime::staticData.count())
        return false;
    if (isInvalidated)
        return true;
    if (staleTimeMs == StaleTime::infinite.count())
        return false;
    return nowMs - dataUpdatedAt >= staleTimeMs;
}

} // namespace Ops
