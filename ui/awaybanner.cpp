#include "awaybanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QVBoxLayout>

#include "models/alertstablemodel.h"
#include "models/alerttext.h"
#include "sync/awayalerts.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

QIcon severityDot(const QString &severity)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(AlertsTableModel::severityColor(severity));
    painter.drawEllipse(1, 1, 10, 10);
    return QIcon(pixmap);
}

} // namespace

AwayBanner::AwayBanner(AwayAlerts *away, QWidget *parent)
    : QFrame(parent)
    , m_away(away)
    , m_title(new QLabel(this))
    , m_list(new QListWidget(this))
    , m_dismiss(new QPushButton(tr("Looked at all"), this))
{
    setObjectName(u"awayBanner"_s);
    // Amber like a stale panel: "look here", without the red of a critical alert.
    setStyleSheet(
        u"#awayBanner { background: rgba(217, 138, 11, 40); border-left: 4px solid "
        "rgb(217, 138, 11); border-radius: 2px; } #awayList { background: transparent; }"_s);
    // As tall as its content: the inbox under it keeps the rest.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_title->setObjectName(u"awayTitle"_s);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setWordWrap(true);
    m_list->setObjectName(u"awayList"_s);
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setAttribute(Qt::WA_MacShowFocusRect, false);
    m_list->setToolTip(tr("Click an alert to open it in the inbox"));
    m_dismiss->setObjectName(u"awayDismissButton"_s);
    m_dismiss->setToolTip(tr("Take every alert off this list (they stay in the inbox)"));

    auto *top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_dismiss);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_list);

    connect(m_list, &QListWidget::itemClicked, this, &AwayBanner::onItemActivated);
    connect(m_list, &QListWidget::itemActivated, this, &AwayBanner::onItemActivated);
    if (m_away) {
        connect(m_dismiss, &QPushButton::clicked, m_away, &AwayAlerts::dismissAll);
        // Later, not inside the list's own click handling (an item clicked may leave the list).
        connect(m_away, &AwayAlerts::changed, this, &AwayBanner::rebuild, Qt::QueuedConnection);
    }
    rebuild();
}

AwayBanner::~AwayBanner() = default;

QString AwayBanner::title() const
{
    return m_title->text();
}

void AwayBanner::rebuild()
{
    m_list->clear();
    const QList<QJsonObject> alerts = m_away ? m_away->alerts() : QList<QJsonObject>();
    setVisible(!alerts.isEmpty());
    if (alerts.isEmpty())
        return;
    const QString since = m_away->since().toLocalTime().toString(u"HH:mm"_s);
    m_title->setText(
        tr("While you were away (since %1): %n open alert(s)", nullptr, int(alerts.size()))
            .arg(since));
    for (const QJsonObject &alert : alerts) {
        const QString severity = alert.value("severity"_L1).toString();
        const QDateTime raised =
            QDateTime::fromString(alert.value("raisedAt"_L1).toString(), Qt::ISODateWithMs);
        auto *item = new QListWidgetItem(severityDot(severity),
            u"%1  %2 · %3"_s.arg(raised.toLocalTime().toString(u"HH:mm"_s),
                AlertsTableModel::severityLabel(severity), AlertText::message(alert)),
            m_list);
        item->setData(Qt::UserRole, alert.value("id"_L1).toString());
        item->setToolTip(alert.value("id"_L1).toString());
    }
    // As tall as its rows, up to five; more scroll.
    const int rows = int(std::min<qsizetype>(alerts.size(), 5));
    m_list->setFixedHeight(rows * m_list->sizeHintForRow(0) + 2 * m_list->frameWidth() + 2);
}

void AwayBanner::onItemActivated(QListWidgetItem *item)
{
    if (item)
        Q_EMIT alertActivated(item->data(Qt::UserRole).toString());
}

} // namespace Ops
