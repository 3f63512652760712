"""What ``wengert.scipy`` covers of SciPy, and why the rest is not (yet) differentiable.

For each SciPy module walked by the coverage test (``scipy.special``,
``scipy.stats``, ``scipy.linalg``), every public function is either covered
(in the wengert module's ``__all__``), listed here as having no derivative by
nature (it works on traced values and returns a plain array, as ``argmax``
does), or listed here as not covered yet, with the reason. The error raised for
an uncovered function names a covered relative where there is one.
"""

from __future__ import annotations

__all__ = ["Coverage", "SPECIAL", "STATS", "LINALG", "SIGNAL"]


def _group(names, reason):
    return dict.fromkeys(names.split(), reason)


class Coverage:
    """The listing for one SciPy module: `no_derivative` and `not_yet` map a name to its
    reason, `relatives` a name to the covered function that may serve instead."""

    def __init__(self, no_derivative, not_yet, relatives):
        self.no_derivative = no_derivative
        self.not_yet = not_yet
        self.relatives = relatives

    def hint(self, name):
        """The sentence added to the error for `name` on a traced value: a covered relative
        that may serve instead, else the reason it is not covered, else nothing."""
        if name in self.relatives:
            return f"{self.relatives[name]} is covered and may serve instead."
        if name in self.not_yet:
            return f"Not covered yet: {self.not_yet[name]}."
        return ""


SPECIAL = Coverage(
    no_derivative={
        **_group("geterr seterr test", "not a function of numbers (error handling, the test runner)"),
        **_group("""ai_zeros bei_zeros beip_zeros ber_zeros berp_zeros bi_zeros erf_zeros fresnel_zeros
                 fresnelc_zeros fresnels_zeros jn_zeros jnjnp_zeros jnp_zeros jnyn_zeros kei_zeros
                 keip_zeros kelvin_zeros ker_zeros kerp_zeros y0_zeros y1_zeros y1p_zeros yn_zeros
                 ynp_zeros""", "zeros of a fixed function, numbered by integers"),
        **_group("""c_roots h_roots he_roots l_roots p_roots ps_roots s_roots t_roots ts_roots u_roots
                 us_roots roots_chebyc roots_chebys roots_chebyt roots_chebyu roots_hermite
                 roots_hermitenorm roots_laguerre roots_legendre roots_sh_chebyt roots_sh_chebyu
                 roots_sh_legendre""", "nodes and weights of a quadrature rule of integer order n"),
        **_group("""chebyc chebys chebyt chebyu hermite hermitenorm laguerre legendre sh_chebyt
                 sh_chebyu sh_legendre""",
                 "builds a polynomial object of integer degree; its eval_* function gives values"),
        **_group("bernoulli euler stirling2 factorial2 factorialk",
                 "a function of integers with integer values"),
        **_group("round", "piecewise constant"),
    },
    not_yet={
        **_group("""cbrt exp2 exp10 expm1 log1p cosm1 sindg cosdg tandg cotdg radian powm1 exprel sinc
                 softplus""", "elementary; the wengert.numpy function (or a two-line composition) "
                              "serves"),
        **_group("""loggamma poch factorial comb perm binom""",
                 "gamma-function ratios: write them with gammaln, which is covered"),
        **_group("""jv yv jve yve kn kve k0 k0e k1 k1e i0e i1e hankel1 hankel1e hankel2 hankel2e jvp
                 yvp ivp kvp h1vp h2vp spherical_jn spherical_yn spherical_in spherical_kn
                 riccati_jn riccati_yn besselpoly""",
                 "further Bessel functions; the recurrences used for jn, iv and kv apply"),
        **_group("""airy airye itairy ber bei berp beip ker kei kerp keip kelvin struve modstruve
                 itstruve0 it2struve0 itmodstruve0 iti0k0 it2i0k0 itj0y0 it2j0y0""",
                 "Airy, Kelvin and Struve functions and integrals of Bessel functions: not yet"),
        **_group("""erfcx erfi dawsn wofz voigt_profile fresnel modfresnelm modfresnelp expi exp1
                 expn sici shichi spence zeta zetac lambertw wrightomega wright_bessel
                 log_wright_bessel owens_t ndtri_exp""",
                 "error-function relatives, exponential and trigonometric integrals, zeta: not yet"),
        **_group("""betaincinv betainccinv gammaincinv gammainccinv hyp0f1 hyp1f1 hyp2f1
                 hyperu""",
                 "needs derivatives in the shape parameters of incomplete and hypergeometric "
                 "functions, which have no closed form"),
        **_group("""bdtr bdtrc bdtri bdtrik bdtrin btdtria btdtrib chdtr chdtrc chdtri chdtriv chndtr
                 chndtridf chndtrinc chndtrix fdtr fdtrc fdtri fdtridfd gdtr gdtrc gdtria gdtrib
                 gdtrix nbdtr nbdtrc nbdtri nbdtrik nbdtrin ncfdtr ncfdtri ncfdtridfd ncfdtridfn
                 ncfdtrinc nctdtr nctdtridf nctdtrinc nctdtrit nrdtrimn nrdtrisd pdtr pdtrc pdtri
                 pdtrik stdtr stdtridf stdtrit kolmogorov kolmogi smirnov smirnovi tklmbda""",
                 "distribution functions by their Cephes names: wengert.scipy.stats covers the "
                 "distributions' cdf and sf"),
        **_group("""ellipj ellipk ellipkm1 ellipkinc ellipe ellipeinc elliprc elliprd elliprf elliprg
                 elliprj ellip_harm ellip_harm_2 ellip_normal agm""", "elliptic integrals: not yet"),
        **_group("""eval_chebyc eval_chebys eval_chebyt eval_chebyu eval_gegenbauer eval_genlaguerre
                 eval_hermite eval_hermitenorm eval_jacobi eval_laguerre eval_legendre eval_sh_chebyt
                 eval_sh_chebyu eval_sh_jacobi eval_sh_legendre assoc_laguerre assoc_legendre_p
                 assoc_legendre_p_all legendre_p legendre_p_all lpmv lqmn lqn sph_harm_y
                 sph_harm_y_all sph_legendre_p sph_legendre_p_all gegenbauer genlaguerre jacobi
                 sh_jacobi roots_gegenbauer roots_genlaguerre roots_jacobi roots_sh_jacobi cg_roots
                 la_roots j_roots js_roots""",
                 "orthogonal polynomials: differentiable in x by their derivative recurrences, "
                 "not yet written"),
        **_group("""mathieu_a mathieu_b mathieu_cem mathieu_sem mathieu_modcem1 mathieu_modcem2
                 mathieu_modsem1 mathieu_modsem2 mathieu_even_coef mathieu_odd_coef obl_ang1
                 obl_ang1_cv obl_cv obl_cv_seq obl_rad1 obl_rad1_cv obl_rad2 obl_rad2_cv pro_ang1
                 pro_ang1_cv pro_cv pro_cv_seq pro_rad1 pro_rad1_cv pro_rad2 pro_rad2_cv pbdv pbvv
                 pbwa pbdn_seq pbdv_seq pbvv_seq lmbda diric""",
                 "Mathieu, spheroidal and parabolic-cylinder functions: not yet"),
        **_group("""boxcox boxcox1p inv_boxcox inv_boxcox1p huber pseudo_huber kl_div""",
                 "transforms and losses: two-line compositions of covered functions"),
    },
    relatives={
        "jv": "wengert.scipy.special.jn (integer order)",
        "yv": "wengert.scipy.special.yn (integer order)",
        "kn": "wengert.scipy.special.kv", "kve": "wengert.scipy.special.kv",
        "k0": "wengert.scipy.special.kv", "k1": "wengert.scipy.special.kv",
        "i0e": "wengert.scipy.special.ive", "i1e": "wengert.scipy.special.ive",
        "loggamma": "wengert.scipy.special.gammaln",
        "expm1": "wengert.numpy.expm1", "log1p": "wengert.numpy.log1p",
        "cbrt": "wengert.numpy.cbrt", "exp2": "wengert.numpy.exp2",
        "kl_div": "wengert.scipy.special.rel_entr",
        "stdtr": "wengert.scipy.stats.t.cdf", "chdtr": "wengert.scipy.stats.chi2.cdf",
        "gdtr": "wengert.scipy.stats.gamma.cdf", "pdtr": "wengert.scipy.stats.poisson.cdf",
        "bdtr": "wengert.scipy.stats.binom.cdf", "nbdtr": "wengert.scipy.stats.nbinom.cdf",
    },
)

STATS = Coverage(no_derivative={}, not_yet={}, relatives={})
LINALG = Coverage(no_derivative={}, not_yet={}, relatives={})
SIGNAL = Coverage(no_derivative={}, not_yet={}, relatives={
    "oaconvolve": "wengert.scipy.signal.fftconvolve", "convolve2d": "wengert.scipy.signal.convolve",
    "correlate2d": "wengert.scipy.signal.correlate"})
