#pragma once

#include "jsonrowsmodel.h"

namespace Ops {

//! \brief A history list as the server sends it (`[{seq, ts, actor, field, from, to, reason}]`,
//! oldest first) in three columns: when, who, what changed. Rows are keyed by the event seq.
//!
//! The order's and the driver's history share everything but the wording of a change, which
//! each subclass gives in describeRow().
class HistoryModel : public JsonRowsModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryModel)

public:
    enum Column { TimeColumn, ActorColumn, ChangeColumn, ColumnCount };
    Q_ENUM(Column)
    //! How the When column shows a time: the time of day (an order's day), or date and time.
    enum class TimeStyle : quint8 { TimeOfDay, DateAndTime };

    ~HistoryModel() override;

    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const final;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final;

protected:
    HistoryModel(QueryClient *client, TimeStyle style, QObject *parent);

    //! What one row says in the Change column.
    [[nodiscard]] virtual QString describeRow(const QJsonObject &row) const = 0;

    [[nodiscard]] QString rowIdOf(const QJsonObject &row) const final;
    [[nodiscard]] QVariant cell(const QJsonObject &row, int column, int role) const final;

private:
    TimeStyle m_style;
};

} // namespace Ops
