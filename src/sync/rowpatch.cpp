#include "rowpatch.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

#include "query/rowlist.h"

namespace Ops {

std::optional<QJsonValue> patchRows(const QJsonValue &data, const ChangeEvent &event)
{
    return patchRows(data, QList<ChangeEvent> { event }, nullptr);
}

std::optional<QJsonValue> patchRows(
    const QJsonValue &data, const QList<ChangeEvent> &events, QList<ChangeEvent> *unknown)
{
    if (data.isObject()) {
        // One row: events of other rows are not its business.
        RowList one(QJsonArray { data });
        bool changed = false;
        for (const ChangeEvent &event : events)
            changed = one.patch(event.id, event.version, event.fields) || changed;
        return changed ? std::optional<QJsonValue>(one.at(0)) : std::nullopt;
    }
    if (!data.isArray())
        return std::nullopt;
    RowList rows(data.toArray());
    bool changed = false;
    for (const ChangeEvent &event : events) {
        if (!rows.contains(event.id)) {
            if (unknown)
                unknown->append(event); // a fetch must tell whether it belongs there
            continue;
        }
        changed = rows.patch(event.id, event.version, event.fields) || changed;
    }
    return changed ? std::optional<QJsonValue>(rows.toJson()) : std::nullopt;
}

} // namespace Ops
