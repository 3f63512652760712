"""Linear and ridge regression with wengert.models.LinearRegression.

The data (wengert.models.datasets.load_plants) are synthetic: plant biomass,
linear in light, water and temperature, whose scales differ by a factor of 30.
The estimator scales the features internally, fits with Newton steps on exact
Hessian-vector products, and reports the coefficients in the original units;
they agree with numpy.linalg.lstsq (and the ridge fit with its normal
equations) far below 1e-8. It is a scikit-learn estimator (pip install
'wengert[models]'): cross_val_score on scikit-learn's bundled diabetes data
gives Ridge's scores.

Run: python examples/linear_regression.py
"""

import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Ridge
from sklearn.model_selection import cross_val_score

from wengert.models import LinearRegression, PolynomialRegression, datasets

data = datasets.load_plants()
X, y = data.X, data.y
print(data.description)

ols = LinearRegression().fit(X, y)
A = np.column_stack([np.ones(len(y)), X])
beta = np.linalg.lstsq(A, y, rcond=None)[0]
print(f"\n{'':>18} {'fit':>9} {'lstsq':>9} {'truth':>7}")
print(f"{'intercept':>18} {ols.intercept_:9.4f} {beta[0]:9.4f} {data.truth['intercept']:7.2f}")
for name, c, b, t in zip(data.feature_names, ols.coef_, beta[1:], data.truth["coef"]):
    print(f"{name:>18} {c:9.4f} {b:9.4f} {t:7.2f}")
gap = np.max(np.abs(ols.coef_ - beta[1:]) / np.abs(beta[1:]))
print(f"R^2 = {ols.score(X, y):.4f} after {ols.n_iter_} Newton steps; "
      f"largest relative difference from lstsq {gap:.1e}")

# Ridge: alpha * ||coef||^2 added to the sum of squares; the intercept is not penalized.
alpha = 500.0
ridge = LinearRegression(alpha=alpha).fit(X, y)
closed_form = np.linalg.solve(A.T @ A + alpha * np.diag([0.0, 1.0, 1.0, 1.0]), A.T @ y)
print(f"\nridge, alpha={alpha:g}: coef {np.round(ridge.coef_, 4)}, "
      f"normal equations {np.round(closed_form[1:], 4)}, R^2 = {ridge.score(X, y):.4f}")

# The same machinery on the powers of one feature.
cubic = PolynomialRegression(degree=3).fit(X[:, :1], y)
print(f"cubic in light alone: coef {np.round(cubic.coef_, 4)}, R^2 = {cubic.score(X[:, :1], y):.4f}")

# Cross-validated like any scikit-learn regressor: five folds of diabetes, fold by fold.
X, y = load_diabetes(return_X_y=True)
ours = cross_val_score(LinearRegression(alpha=1.0), X, y, cv=5)
theirs = cross_val_score(Ridge(alpha=1.0), X, y, cv=5)
print(f"\ndiabetes, 5-fold R^2: {np.round(ours, 4)}; largest difference from Ridge "
      f"{np.max(np.abs(ours - theirs)):.1e}")
