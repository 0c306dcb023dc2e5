#pragma once

#include <QDialog>
#include <QUrl>

class QLabel;
class QPushButton;

namespace Ops {

class QrCodeWidget;

//! \brief A new phone's device key, shown this once: as a QR code that Traccar Client scans to
//! set itself up (TraccarLink: server URL, key, frequency), and big, selectable and copyable with
//! what to type into it instead (the key as its "Device identifier", the server URL), with the
//! warning that it cannot be shown again. The key lives only in this dialog's widgets (and the
//! clipboard when copied); closing the dialog forgets it. Built without libqrencode, or with no
//! server URL to put in it, the dialog shows no code and reads as before.
class DeviceKeyDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeviceKeyDialog)

public:
    DeviceKeyDialog(const QString &driverName, const QString &deviceLabel, const QString &key,
        const QUrl &serverUrl, QWidget *parent = nullptr);
    ~DeviceKeyDialog() override;

    [[nodiscard]] QLabel *keyLabel() const { return m_key; }
    [[nodiscard]] QLabel *urlLabel() const { return m_url; }
    [[nodiscard]] QPushButton *copyButton() const { return m_copy; }
    //! The code to scan; null when none can be made (see the class comment).
    [[nodiscard]] QrCodeWidget *qrCode() const { return m_qr; }

    //! The key grouped for reading aloud ("9wv2 g9vn m069 …"); Traccar takes it without spaces.
    [[nodiscard]] static QString grouped(const QString &key);

protected:
    void done(int result) override;

private:
    QString m_plainKey;
    QLabel *m_key;
    QLabel *m_url;
    QPushButton *m_copy;
    QrCodeWidget *m_qr = nullptr;
};

} // namespace Ops
