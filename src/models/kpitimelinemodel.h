#pragma once

#include "jsonrowsmodel.h"

namespace Ops {

//! \brief Orders created and delivered per interval since UTC midnight
//! (`["kpis", "timeline", {"interval": "15m"}]`, GET /api/kpis/timeline), one row per bucket.
class KpiTimelineModel final : public JsonRowsModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KpiTimelineModel)

public:
    enum Column { StartColumn, CreatedColumn, DeliveredColumn, ColumnCount };
    Q_ENUM(Column)

    //! Reads QueryKeys::kpiTimeline() (another interval: setKey()).
    explicit KpiTimelineModel(QueryClient *client, QObject *parent = nullptr);
    ~KpiTimelineModel() override;

    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    [[nodiscard]] QString rowIdOf(const QJsonObject &row) const override;
    [[nodiscard]] QVariant cell(const QJsonObject &row, int column, int role) const override;
};

} // namespace Ops
