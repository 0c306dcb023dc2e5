#include "activitypanel.h"

#include <QListView>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

#include "models/activityfeedmodel.h"

using namespace Qt::StringLiterals;

namespace Ops {

ActivityPanel::ActivityPanel(QueryClient *queries, QWidget *parent)
    : DashPanel(parent)
    , m_model(new ActivityFeedModel(queries, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QListView(this))
{
    setObjectName(u"activityPanel"_s);
    setWindowTitle(tr("Activity"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ActivityFeedModel::SortRole);
    m_proxy->sort(0, Qt::DescendingOrder);
    m_view->setObjectName(u"activityView"_s);
    m_view->setModel(m_proxy);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setUniformItemSizes(true);
    m_view->setAlternatingRowColors(true);
    contentLayout()->addWidget(m_view);
    connect(m_view, &QListView::clicked, this, &ActivityPanel::onClicked);
    connect(m_view, &QListView::activated, this, &ActivityPanel::onClicked);
}

ActivityPanel::~ActivityPanel() = default;

void ActivityPanel::onClicked(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const QString entity = index.data(ActivityFeedModel::EntityRole).toString();
    if (entity == "driver"_L1) {
        Q_EMIT driverActivated(index.data(ActivityFeedModel::SubjectRole).toString());
        return;
    }
    const QString order = index.data(ActivityFeedModel::OrderIdRole).toString();
    if (!order.isEmpty())
        Q_EMIT orderActivated(order);
}

} // namespace Ops
