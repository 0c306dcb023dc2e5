#include "assignmenu.h"

#include "models/assigncandidates.h"

using namespace Qt::StringLiterals;

namespace Ops {

AssignMenu::AssignMenu(
    QueryClient *client, const DriversTableModel *drivers, const Order &order, QWidget *parent)
    : QMenu(tr("Assign driver"), parent)
    , m_candidates(new AssignCandidates(client, drivers, order, this))
{
    setObjectName(u"assignMenu"_s);
    setToolTipsVisible(true);
    connect(m_candidates, &AssignCandidates::changed, this, &AssignMenu::rebuild);
    rebuild();
}

AssignMenu::~AssignMenu() = default;

void AssignMenu::rebuild()
{
    clear();
    const Order &order = m_candidates->order();
    const QList<AssignChoice> choices = m_candidates->choices();
    const bool byTime = m_candidates->source() == AssignCandidates::Source::ByTime;
    bool otherRegions = false;
    for (const AssignChoice &c : choices) {
        // Ranked by region, the other regions' drivers come after a heading; by time they mix.
        if (!byTime && !c.sameRegion && !otherRegions) {
            otherRegions = true;
            if (!isEmpty())
                addSection(tr("Other regions"));
        }
        const QString name = c.name.isEmpty() ? c.id : c.name;
        const QString presence = DriversTableModel::presenceLabel(c.presence);
        QString text = tr("%1 — %2").arg(name, presence);
        if (c.minutesAway)
            text = c.estimate
                ? tr("%1 · %2 · ≈ %3 min away").arg(name, presence).arg(*c.minutesAway)
                : tr("%1 · %2 · %3 min away").arg(name, presence).arg(*c.minutesAway);
        QAction *action = addAction(text);
        action->setObjectName(u"assign_"_s + c.id);
        action->setData(c.id);
        action->setCheckable(true);
        action->setChecked(c.current);
        if (c.estimate)
            action->setToolTip(tr("An estimate: straight-line distance, no routing service"));
        const QString id = order.id;
        const QString driverId = c.id;
        connect(action, &QAction::triggered, this,
            [this, id, driverId] { Q_EMIT driverChosen(id, driverId); });
    }
    if (choices.isEmpty())
        addAction(tr("No driver online"))->setEnabled(false);
    if (!order.driverId.isEmpty() && order.status == OrderStatus::Assigned) {
        addSeparator();
        QAction *none = addAction(tr("Take the driver off this order"));
        none->setObjectName(u"assign_none"_s);
        const QString id = order.id;
        connect(none, &QAction::triggered, this, [this, id] { Q_EMIT driverChosen(id, {}); });
    }
    // Say how the list is ordered when it is not by time yet (or cannot be).
    if (!byTime) {
        addSeparator();
        QAction *note =
            addAction(m_candidates->isLoading() ? tr("Asking for travel times…")
                                                : tr("Travel times unavailable: by region"));
        note->setObjectName(u"assign_note"_s);
        note->setEnabled(false);
        if (!m_candidates->errorText().isEmpty())
            note->setToolTip(m_candidates->errorText());
    }
}

} // namespace Ops
