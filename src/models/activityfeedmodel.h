#pragma once

#include "jsonrowsmodel.h"

namespace Ops {

//! \brief Recent events (`["events", {"limit": "100"}]`, GET /api/events) as one line each:
//! "12:04:31  ORD-00123 → delivered by dispatcher". Rows are keyed by seq; SortRole is the seq,
//! so a proxy sorted descending shows the newest first.
class ActivityFeedModel final : public JsonRowsModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActivityFeedModel)

public:
    enum FeedRole {
        EntityRole = FirstSubclassRole, //!< "order", "driver", "alert", "payment"
        SubjectRole, //!< the event's id (ORD-…, DRV-…)
        OrderIdRole, //!< the order the event concerns, when one does
    };
    Q_ENUM(FeedRole)

    //! Reads QueryKeys::recentEvents() (another feed: setKey()).
    explicit ActivityFeedModel(QueryClient *client, QObject *parent = nullptr);
    ~ActivityFeedModel() override;

    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    //! The line a row shows (without the time).
    [[nodiscard]] static QString describe(const QJsonObject &event);

protected:
    [[nodiscard]] QString rowIdOf(const QJsonObject &row) const override;
    [[nodiscard]] QVariant cell(const QJsonObject &row, int column, int role) const override;
    [[nodiscard]] QList<int> changedRoles() const override;
};

} // namespace Ops
