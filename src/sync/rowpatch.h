#pragma once

#include <optional>

#include <QJsonValue>
#include <QList>

#include "protocol/changeevent.h"

namespace Ops {

class RowList;

//! \brief Writes an event's changed fields into cached data.
//!
//! \a data is a list of rows (array of objects with `id`) or one row. The row whose `id` equals
//! the event's id takes the event's fields and version — only if the event is newer than the row
//! (`version` greater), so a late or replayed event never rolls a row back. Returns the new value,
//! or nullopt when nothing matched or nothing was newer.
[[nodiscard]] std::optional<QJsonValue> patchRows(const QJsonValue &data, const ChangeEvent &event);

//! The same for several events at once (in order), finding the rows of a list in one pass.
//! An event whose row is not in a list \a data is appended to it when the event carries the
//! whole row (its fields hold the row's `id`, `status` and `version`, as `order.created` does:
//! the event map names only unfiltered lists as its patch target), and otherwise to \a unknown
//! (a fetch must tell); an event not newer than its row is skipped. Returns the new value, or
//! nullopt when nothing changed.
[[nodiscard]] std::optional<QJsonValue> patchRows(
    const QJsonValue &data, const QList<ChangeEvent> &events, QList<ChangeEvent> *unknown);

//! The same into a list of rows edited in place (QueryClient::patchServerRows): returns whether
//! a row changed.
bool patchRows(RowList &rows, const QList<ChangeEvent> &events, QList<ChangeEvent> *unknown);

} // namespace Ops
