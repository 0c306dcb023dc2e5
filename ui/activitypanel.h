#pragma once

#include "dashpanel.h"

class QListView;
class QSortFilterProxyModel;

namespace Ops {

class ActivityFeedModel;
class QueryClient;

//! \brief The recent events, newest first ("ORD-00123 → delivered by ann, 12:04:31"): a query
//! of GET /api/events that every event invalidates. Clicking a line selects its order or driver.
class ActivityPanel final : public DashPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActivityPanel)

public:
    explicit ActivityPanel(QueryClient *queries, QWidget *parent = nullptr);
    ~ActivityPanel() override;

    [[nodiscard]] ActivityFeedModel *model() const { return m_model; }
    [[nodiscard]] QListView *view() const { return m_view; }

private:
    void onClicked(const QModelIndex &index);

    ActivityFeedModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QListView *m_view;
};

} // namespace Ops
