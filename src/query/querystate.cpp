#include "querystate.h"

namespace Ops {

bool QueryState::isStale(qint64 staleTimeMs, qint64 nowMs) const
{
    return isStale(hasData(), isInvalidated, dataUpdatedAt, staleTimeMs, nowMs);
}

bool QueryState::isStale(
    bool hasData, bool isInvalidated, qint64 dataUpdatedAt, qint64 staleTimeMs, qint64 nowMs)
{
    if (!hasData)
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
