#include "savedviews.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

//! Opens \a group (and \a sub, when given) of \a settings for the life of the guard.
class GroupGuard
{
public:
    GroupGuard(QSettings *settings, const QString &group, const QString &sub = {})
        : m_settings(settings)
        , m_depth(sub.isEmpty() ? 1 : 2)
    {
        m_settings->beginGroup(group);
        if (!sub.isEmpty())
            m_settings->beginGroup(sub);
    }
    ~GroupGuard()
    {
        for (int i = 0; i < m_depth; ++i)
            m_settings->endGroup();
    }
    Q_DISABLE_COPY_MOVE(GroupGuard)

private:
    QSettings *m_settings;
    int m_depth;
};

} // namespace

SavedViews::SavedViews(QSettings *settings, QString group)
    : m_settings(settings)
    , m_group(std::move(group))
{ }

QStringList SavedViews::names() const
{
    const GroupGuard guard(m_settings, m_group);
    QStringList names = m_settings->childGroups();
    names.sort(Qt::CaseInsensitive);
    return names;
}

bool SavedViews::save(SavedView view)
{
    view.name = view.name.trimmed();
    if (view.name.isEmpty())
        return false;
    QStringList statuses;
    for (OrderStatus s : std::as_const(view.filter.statuses))
        statuses.append(toString(s));
    statuses.sort();
    const GroupGuard guard(m_settings, m_group, view.name);
    m_settings->setValue(u"statuses"_s, statuses);
    m_settings->setValue(u"region"_s, view.filter.region);
    if (view.filter.driver)
        m_settings->setValue(u"driver"_s, *view.filter.driver); // empty: orders without a driver
    else
        m_settings->remove(u"driver"_s);
    m_settings->setValue(u"lateOnly"_s, view.filter.lateOnly);
    m_settings->setValue(u"atRiskOnly"_s, view.filter.atRiskOnly);
    m_settings->setValue(u"search"_s, view.filter.search);
    m_settings->setValue(u"sortColumn"_s, view.sortColumn);
    m_settings->setValue(u"sortOrder"_s, int(view.sortOrder));
    return true;
}

void SavedViews::remove(const QString &name)
{
    if (name.isEmpty())
        return; // would remove every view
    const GroupGuard guard(m_settings, m_group);
    m_settings->remove(name);
}

std::optional<SavedView> SavedViews::load(const QString &name) const
{
    if (!names().contains(name))
        return std::nullopt;
    const GroupGuard guard(m_settings, m_group, name);
    SavedView view;
    view.name = name;
    const QStringList statuses = m_settings->value(u"statuses"_s).toStringList();
    for (const QString &s : statuses) {
        if (const auto status = orderStatusFromString(s))
            view.filter.statuses.insert(*status);
    }
    view.filter.region = m_settings->value(u"region"_s).toString();
    if (m_settings->contains(u"driver"_s))
        view.filter.driver = m_settings->value(u"driver"_s).toString();
    view.filter.lateOnly = m_settings->value(u"lateOnly"_s).toBool();
    view.filter.atRiskOnly = m_settings->value(u"atRiskOnly"_s).toBool();
    view.filter.search = m_settings->value(u"search"_s).toString();
    const int column = m_settings->value(u"sortColumn"_s, int(OrdersTableModel::DueColumn)).toInt();
    view.sortColumn = column >= 0 && column < OrdersTableModel::ColumnCount ? column : -1;
    view.sortOrder = m_settings->value(u"sortOrder"_s, 0).toInt() == int(Qt::DescendingOrder)
        ? Qt::DescendingOrder
        : Qt::AscendingOrder;
    return view;
}

} // namespace Ops
