#include "visiblerow.h"

using namespace Qt::StringLiterals;

namespace Ops {

Error rowAccessError(const Store &store, const User &user, QLatin1StringView entity,
    const QString &id, const QString *region)
{
    if (!region)
        return store.notFoundError(u"%1 %2 not found"_s.arg(entity, id));
    if (!user.canSeeRegion(*region))
        return Error { ErrorKind::Forbidden, u"%1 %2 is outside your regions"_s.arg(entity, id) };
    return {};
}

} // namespace Ops
