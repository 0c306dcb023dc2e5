#include "kpipanel.h"

#include <algorithm>
#include <cmath>

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QEvent>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QVBoxLayout>
#include <QValueAxis>

#include "models/kpismodel.h"
#include "models/kpitimelinemodel.h"

using namespace Qt::StringLiterals;

namespace Ops {

KpiPanel::KpiPanel(QueryClient *queries, QWidget *parent)
    : DashPanel(parent)
    , m_kpis(new KpisModel(queries, this))
    , m_timeline(new KpiTimelineModel(queries, this))
    , m_chartView(new QChartView(this))
    , m_created(new QLineSeries)
    , m_delivered(new QLineSeries)
    , m_axisX(new QDateTimeAxis)
    , m_axisY(new QValueAxis)
{
    setObjectName(u"kpiPanel"_s);
    setWindowTitle(tr("KPIs"));
    auto *grid = new QGridLayout;
    grid->setSpacing(6);
    const int columns = 4;
    for (int kpi = 0; kpi < KpisModel::KpiCount; ++kpi) {
        auto *tile = new QFrame(this);
        tile->setObjectName(u"kpiTile%1"_s.arg(kpi));
        // One figure to a screen reader: "Late orders: 3" (refreshTile()).
        tile->setAccessibleName(KpisModel::labelOf(KpisModel::Kpi(kpi)));
        tile->setFrameShape(QFrame::StyledPanel);
        tile->setBackgroundRole(QPalette::Base);
        tile->setAutoFillBackground(true);
        auto *layout = new QVBoxLayout(tile);
        layout->setContentsMargins(10, 6, 10, 6);
        layout->setSpacing(0);
        auto *value = new QLabel(tile);
        value->setObjectName(u"kpiValue%1"_s.arg(kpi));
        QFont big = value->font();
        big.setPointSizeF(big.pointSizeF() * 2.6);
        big.setBold(true);
        value->setFont(big);
        value->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        auto *caption = new QLabel(KpisModel::labelOf(KpisModel::Kpi(kpi)), tile);
        QFont small = caption->font();
        small.setPointSizeF(small.pointSizeF() * 1.1);
        caption->setFont(small);
        layout->addWidget(value);
        layout->addWidget(caption);
        grid->addWidget(tile, kpi / columns, kpi % columns);
        m_tiles.append(tile);
        m_values.append(value);
        m_captions.append(caption);
    }
    contentLayout()->addLayout(grid);

    auto *chart = new QChart;
    chart->setTitle(tr("Orders per 15 minutes today"));
    m_created->setName(tr("Created"));
    m_delivered->setName(tr("Delivered"));
    chart->addSeries(m_created);
    chart->addSeries(m_delivered);
    m_axisX->setFormat(u"HH:mm"_s);
    m_axisX->setTickCount(7);
    m_axisY->setLabelFormat(u"%d"_s);
    m_axisY->setMin(0);
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);
    for (QLineSeries *s : { m_created, m_delivered }) {
        s->attachAxis(m_axisX);
        s->attachAxis(m_axisY);
    }
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    // QChartView starts with a chart of its own, and setChart() hands that one back to the
    // caller instead of deleting it.
    QChart *initial = m_chartView->chart();
    m_chartView->setChart(chart);
    delete initial;
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(180);
    m_chartView->setObjectName(u"kpiChart"_s);
    m_chartView->setAccessibleName(chart->title());
    contentLayout()->addWidget(m_chartView, 1);
    applyChartTheme();

    connect(m_kpis, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &from, const QModelIndex &to) {
            for (int row = from.row(); row <= to.row(); ++row)
                refreshTile(row);
        });
    for (int kpi = 0; kpi < KpisModel::KpiCount; ++kpi)
        refreshTile(kpi);
    // The timeline has ~100 points: redrawing the series on any change is cheap.
    connect(m_timeline, &QAbstractItemModel::dataChanged, this, &KpiPanel::refreshChart);
    connect(m_timeline, &QAbstractItemModel::rowsInserted, this, &KpiPanel::refreshChart);
    connect(m_timeline, &QAbstractItemModel::rowsRemoved, this, &KpiPanel::refreshChart);
    connect(m_timeline, &QAbstractItemModel::modelReset, this, &KpiPanel::refreshChart);
    refreshChart();
}

KpiPanel::~KpiPanel() = default;

QString KpiPanel::tileText(int kpi) const
{
    return kpi >= 0 && kpi < m_values.size() ? m_values.at(kpi)->text() : QString();
}

void KpiPanel::changeEvent(QEvent *event)
{
    DashPanel::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyChartTheme();
}

void KpiPanel::refreshTile(int kpi)
{
    const QModelIndex index = m_kpis->index(kpi);
    QLabel *value = m_values.at(kpi);
    value->setText(index.data(Qt::DisplayRole).toString());
    value->setToolTip(index.data(Qt::ToolTipRole).toString());
    QFrame *tile = m_tiles.at(kpi);
    const bool warning = index.data(KpisModel::WarningRole).toBool();
    tile->setAccessibleName(
        tr("%1: %2").arg(m_captions.at(kpi)->text(), index.data(Qt::DisplayRole).toString()));
    tile->setAccessibleDescription(warning
            ? tr("Needs attention. %1").arg(index.data(Qt::ToolTipRole).toString())
            : index.data(Qt::ToolTipRole).toString());
    // A warning figure takes a red that reads on light and dark tiles (amber for "at risk": not
    // late yet); others follow the theme.
    const QColor alarm =
        kpi == KpisModel::AtRisk ? QColor(0xd9, 0x8a, 0x0b) : QColor(0xe0, 0x3e, 0x3e);
    QPalette p = value->palette();
    // Both roles: on a tile with a Base background the label paints with Text, not WindowText.
    const QColor colour = warning ? alarm : palette().color(QPalette::Text);
    p.setColor(QPalette::WindowText, colour);
    p.setColor(QPalette::Text, colour);
    value->setPalette(p);
}

void KpiPanel::refreshChart()
{
    QList<QPointF> created;
    QList<QPointF> delivered;
    created.reserve(m_timeline->rowCount());
    delivered.reserve(m_timeline->rowCount());
    qreal maxY = 4;
    QDateTime first;
    QDateTime last;
    for (int row = 0; row < m_timeline->rowCount(); ++row) {
        const QDateTime start = m_timeline->index(row, KpiTimelineModel::StartColumn)
                                    .data(KpiTimelineModel::SortRole)
                                    .toDateTime();
        if (!start.isValid())
            continue;
        const qreal x = qreal(start.toMSecsSinceEpoch());
        const qreal c = m_timeline->index(row, KpiTimelineModel::CreatedColumn).data().toDouble();
        const qreal d = m_timeline->index(row, KpiTimelineModel::DeliveredColumn).data().toDouble();
        created.append({ x, c });
        delivered.append({ x, d });
        maxY = std::max({ maxY, c, d });
        if (!first.isValid() || start < first)
            first = start;
        if (!last.isValid() || start > last)
            last = start;
    }
    std::sort(created.begin(), created.end(),
        [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
    std::sort(delivered.begin(), delivered.end(),
        [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
    m_created->replace(created);
    m_delivered->replace(delivered);
    if (!first.isValid()) {
        const QDateTime midnight(QDate::currentDate(), QTime(0, 0), Qt::UTC);
        first = midnight;
        last = midnight.addSecs(3600);
    }
    if (first == last)
        last = first.addSecs(900);
    m_axisX->setRange(first.toLocalTime(), last.toLocalTime());
    m_axisY->setRange(0, std::ceil(maxY * 1.15));
    // The chart in words, for a screen reader: the latest quarter hour.
    m_chartView->setAccessibleDescription(created.isEmpty()
            ? tr("No orders yet today.")
            : tr("Latest quarter hour from %1: %2 orders created, %3 delivered.")
                  .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(qint64(created.last().x()))
                                              .toLocalTime()
                                              .time(),
                      QLocale::ShortFormat))
                  .arg(created.last().y())
                  .arg(delivered.isEmpty() ? 0.0 : delivered.last().y()));
}

void KpiPanel::applyChartTheme()
{
    QChart *chart = m_chartView->chart();
    const QPalette p = palette();
    chart->setBackgroundBrush(p.brush(QPalette::Base));
    chart->setBackgroundRoundness(0);
    chart->setTitleBrush(p.brush(QPalette::Text));
    chart->legend()->setLabelColor(p.color(QPalette::Text));
    for (QAbstractAxis *axis :
        { static_cast<QAbstractAxis *>(m_axisX), static_cast<QAbstractAxis *>(m_axisY) }) {
        axis->setLabelsColor(p.color(QPalette::Text));
        QColor grid = p.color(QPalette::Text);
        grid.setAlpha(40);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(grid);
    }
    QPen createdPen(QColor(0x2b, 0x8a, 0xd8));
    createdPen.setWidthF(2.5);
    m_created->setPen(createdPen);
    QPen deliveredPen(QColor(0x2e, 0xa0, 0x4f));
    deliveredPen.setWidthF(2.5);
    m_delivered->setPen(deliveredPen);
    m_chartView->setBackgroundBrush(p.brush(QPalette::Base));
}

} // namespace Ops
