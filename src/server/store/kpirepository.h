#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

#include "protocol/kpis.h"
#include "storelisting.h"

namespace Ops {

class Database;

//! \brief Key figures computed from the other tables (read only).
class KpiRepository
{
public:
    explicit KpiRepository(const Database &database);
    KpiRepository(const KpiRepository &) = delete;
    KpiRepository &operator=(const KpiRepository &) = delete;

    //! KPIs over \a visibleRegions (empty = all) as of \a now; "today" starts at UTC midnight;
    //! open orders due within \a atRiskMinutes (or predicted late) are at risk.
    [[nodiscard]] Kpis snapshot(
        const QStringList &visibleRegions, const QDateTime &now, int atRiskMinutes = 15) const;
    //! Orders created and delivered per \a intervalSeconds since UTC midnight of \a now, one
    //! row per bucket up to \a now (`{start, created, delivered}`). For GET /api/kpis/timeline.
    [[nodiscard]] StoreListing<QJsonObject> timeline(
        const QStringList &visibleRegions, const QDateTime &now, int intervalSeconds) const;

private:
    const Database &m_database;
};

} // namespace Ops
