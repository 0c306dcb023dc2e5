#include "devicekeydialog.h"

#include <algorithm>

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "models/qrmatrix.h"
#include "qrcodewidget.h"
#include "sync/traccarlink.h"

using namespace Qt::StringLiterals;

namespace Ops {

DeviceKeyDialog::DeviceKeyDialog(const QString &driverName, const QString &deviceLabel,
    const QString &key, const QUrl &serverUrl, QWidget *parent)
    : QDialog(parent)
    , m_plainKey(key)
    , m_key(new QLabel(grouped(key), this))
    , m_url(new QLabel(serverUrl.toString(), this))
    , m_copy(new QPushButton(tr("&Copy key"), this))
{
    setObjectName(u"deviceKeyDialog"_s);
    setWindowTitle(tr("Phone registered for %1").arg(driverName));
    auto *layout = new QVBoxLayout(this);

    // What Traccar Client reads from a scanned code: its settings as one link. The link holds
    // the key: it is overwritten here, and the widget's modules when done() clears them.
    QString link = TraccarLink::configuration(serverUrl, key);
    QByteArray linkBytes = link.toUtf8();
    QrMatrix matrix = QrMatrix::encode(linkBytes);
    link.fill(u'0');
    linkBytes.fill('0');
    const QString phone = (deviceLabel.isEmpty() ? tr("The phone") : deviceLabel).toHtmlEscaped();
    auto *intro = new QLabel(matrix.isNull()
            ? tr("<b>%1</b> is registered. Install the free <b>Traccar Client</b> app on the phone "
                 "and enter:")
                  .arg(phone)
            : tr("<b>%1</b> is registered. Install the free <b>Traccar Client</b> app on the phone "
                 "and scan this code with it, or enter the settings by hand:")
                  .arg(phone),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    QFont big = mono;
    big.setPointSizeF(mono.pointSizeF() * 1.8);
    big.setBold(true);
    m_key->setObjectName(u"deviceKey"_s);
    m_key->setFont(big);
    m_key->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_key->setAlignment(Qt::AlignCenter);
    m_key->setFrameShape(QFrame::StyledPanel);
    m_key->setMargin(10);
    m_key->setMinimumWidth(m_key->sizeHint().width()); // never cut: every character counts
    m_key->setToolTip(tr("Enter it without the spaces: %1").arg(key));
    m_url->setObjectName(u"serverUrl"_s);
    m_url->setFont(mono);
    m_url->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    auto *grid = new QGridLayout;
    grid->addWidget(new QLabel(tr("Device identifier:"), this), 0, 0, Qt::AlignTop);
    auto *keyCell = new QVBoxLayout;
    keyCell->addWidget(m_key);
    auto *copyRow = new QHBoxLayout;
    copyRow->addWidget(m_copy);
    copyRow->addStretch();
    keyCell->addLayout(copyRow);
    grid->addLayout(keyCell, 0, 1);
    grid->addWidget(new QLabel(tr("Server URL:"), this), 1, 0);
    grid->addWidget(m_url, 1, 1);
    auto *hint = new QLabel(tr("Type the key without the spaces (they are only for reading it "
                               "out). If the server runs with an OsmAnd port of its own "
                               "(--osmand-port, usually 5055), http://<server>:5055 works too. "
                               "Frequency: 30 seconds."),
        this);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    grid->addWidget(hint, 2, 1);
    grid->setColumnStretch(1, 1);
    if (matrix.isNull()) {
        layout->addLayout(grid);
    } else {
        m_qr = new QrCodeWidget(this);
        m_qr->setObjectName(u"traccarQrCode"_s);
        m_qr->setMatrix(matrix);
        matrix.clear(); // this copy only: the widget keeps its own
        m_qr->setToolTip(tr("Sets up Traccar Client: server URL, device identifier, frequency"));
        auto *scan = new QLabel(tr("In Traccar Client 9.6 or newer: <b>Settings</b>, then the QR "
                                   "code icon at the top. Or point the phone's camera at it and "
                                   "confirm <i>Apply new configuration?</i> This sets the server "
                                   "URL, the key and a report every 30 seconds."),
            this);
        scan->setObjectName(u"scanHint"_s);
        scan->setWordWrap(true);
        auto *codeColumn = new QVBoxLayout;
        codeColumn->addWidget(m_qr, 1);
        codeColumn->addWidget(scan);
        grid->setRowStretch(grid->rowCount(), 1); // the fields at the top, beside the code
        auto *row = new QHBoxLayout;
        row->addLayout(codeColumn, 1);
        row->addSpacing(12);
        row->addLayout(grid, 1);
        layout->addLayout(row, 1);
    }

    auto *warning = new QLabel(tr("<b>This key is shown only now.</b> The server keeps no copy: "
                                  "if it gets lost, revoke this phone and register it again. "
                                  "Treat it like a password."),
        this);
    warning->setObjectName(u"onceWarning"_s);
    warning->setWordWrap(true);
    layout->addWidget(warning);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_plainKey);
        m_copy->setText(tr("Copied"));
    });
    resize(std::max(560, sizeHint().width()), sizeHint().height());
}

DeviceKeyDialog::~DeviceKeyDialog() = default;

QString DeviceKeyDialog::grouped(const QString &key)
{
    QStringList groups;
    for (qsizetype i = 0; i < key.size(); i += 4)
        groups.append(key.mid(i, 4));
    return groups.join(u' ');
}

void DeviceKeyDialog::done(int result)
{
    // Shown once: nothing of it stays behind in this dialog.
    m_plainKey.fill(u'0');
    m_plainKey.clear();
    m_key->clear();
    if (m_qr)
        m_qr->clear();
    QDialog::done(result);
}

} // namespace Ops
