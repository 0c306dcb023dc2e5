#pragma once

#include "historymodel.h"

namespace Ops {

//! \brief The history of one driver (`["drivers", <id>, "history"]`): who changed its name,
//! phone, vehicle, region, state or phones, when. Oldest first, as the server sends them.
class DriverHistoryModel final : public HistoryModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DriverHistoryModel)

public:
    explicit DriverHistoryModel(QueryClient *client, QObject *parent = nullptr);
    ~DriverHistoryModel() override;

    //! Follows another driver (empty: none).
    void setDriverId(const QString &driverId);
    [[nodiscard]] QString driverId() const { return m_driverId; }

    //! What one history row says, e.g. "Phone: +44 20 … → +44 20 …", "Deactivated".
    [[nodiscard]] static QString changeText(const QJsonObject &row);

protected:
    [[nodiscard]] QString describeRow(const QJsonObject &row) const override
    {
        return changeText(row);
    }

private:
    QString m_driverId;
};

} // namespace Ops
