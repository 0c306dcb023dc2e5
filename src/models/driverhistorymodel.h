#pragma once

#include "jsonrowsmodel.h"

namespace Ops {

//! \brief The history of one driver (`["drivers", <id>, "history"]`): who changed its name,
//! phone, vehicle, region, state or phones, when. Oldest first, as the server sends them.
class DriverHistoryModel final : public JsonRowsModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DriverHistoryModel)

public:
    enum Column { TimeColumn, ActorColumn, ChangeColumn, ColumnCount };
    Q_ENUM(Column)

    explicit DriverHistoryModel(QueryClient *client, QObject *parent = nullptr);
    ~DriverHistoryModel() override;

    //! Follows another driver (empty: none).
    void setDriverId(const QString &driverId);
    [[nodiscard]] QString driverId() const { return m_driverId; }

    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    //! What one history row says, e.g. "Phone: +44 20 … → +44 20 …", "Deactivated".
    [[nodiscard]] static QString changeText(const QJsonObject &row);

protected:
    [[nodiscard]] QString rowIdOf(const QJsonObject &row) const override;
    [[nodiscard]] QVariant cell(const QJsonObject &row, int column, int role) const override;

private:
    QString m_driverId;
};

} // namespace Ops
