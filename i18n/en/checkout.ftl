# Checkout app strings (English).
app-title = Auto Debit wallets
